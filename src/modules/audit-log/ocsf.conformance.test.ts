import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Actor, RequestContext } from '../../platform/kernel/index.ts';
import { buildAuditRow, type AuditEventInput } from './audit-event.ts';
import { loadOcsfSchema } from '../../../test/support/ocsf-schema.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const ocsf = loadOcsfSchema(path.join(root, 'test/fixtures/ocsf-schema-1.8.0'));

const request: RequestContext = { requestId: 'req-1', sourceAddress: '192.0.2.10', userAgent: 'Mozilla/5.0' };
const person: Actor = { type: 'user', userId: 'u-1', organisationId: 'o-1', privileged: false, request };
const admin: Actor = { type: 'user', userId: 'u-admin', organisationId: 'o-1', privileged: true, request };
const token: Actor = { type: 'token', tokenId: 'tok-1', contractId: 'c-1', role: 'auditor', request };
const anonymous: Actor = { type: 'anonymous', request };
const job = (name: string): Actor => ({ type: 'system', name });
const user = { type: 'user', id: 'u-2' };
const contract = { contractId: 'c-1' };

/** A role given or taken away, as the contracts service records it. */
function membership(actor: Actor, action: string, side: 'before' | 'after'): AuditEventInput {
  const role = 'auditor';
  return {
    actor,
    action,
    ...contract,
    resource: { type: 'membership', id: 'm-1' },
    subject: { uid: 'u-2' },
    privileges: [role],
    details: { [side]: { userId: 'u-2', role } },
  };
}

/**
 * One event of every kind Custodian records, shaped as its call site writes it (actor, resource,
 * details), with the variants that change the event's shape: who acted, and what was known.
 */
const SAMPLES: Record<string, AuditEventInput[]> = {
  'auth.sign-in-failed': [
    {
      actor: anonymous,
      action: 'auth.sign-in-failed',
      outcome: 'failure',
      resource: user,
      subject: { name: 'sam@example.test' },
      details: { email: 'sam@example.test', reason: 'wrong-password' },
    },
    {
      actor: anonymous,
      action: 'auth.sign-in-failed',
      outcome: 'failure',
      subject: { name: 'nobody@example.test' },
      details: { email: 'nobody@example.test', reason: 'unknown-email' },
    },
  ],
  'auth.password-accepted': [
    { actor: person, action: 'auth.password-accepted', resource: user, details: { next: 'mfa-verify' } },
  ],
  'auth.mfa-failed': [
    { actor: person, action: 'auth.mfa-failed', outcome: 'failure', resource: user, details: { method: 'totp' } },
  ],
  'auth.sign-in': [{ actor: person, action: 'auth.sign-in', resource: user, details: { method: 'totp' } }],
  'auth.sign-out': [{ actor: person, action: 'auth.sign-out', resource: user }],
  'auth.session-expired': [
    { actor: job('sessions'), action: 'auth.session-expired', resource: user, details: { reason: 'timeout' } },
  ],
  'auth.mfa-enrolled': [{ actor: person, action: 'auth.mfa-enrolled', resource: user, details: { method: 'totp' } }],
  'auth.password-changed': [{ actor: person, action: 'auth.password-changed', resource: user }],
  'auth.password-reset': [{ actor: anonymous, action: 'auth.password-reset', resource: user }],
  'auth.mfa-reset': [{ actor: admin, action: 'auth.mfa-reset', resource: user }],
  'user.create': [
    { actor: admin, action: 'user.create', resource: user, details: { after: { email: 'a@example.test' } } },
    { actor: anonymous, action: 'user.create', resource: user, details: { via: 'first-run setup' } },
  ],
  'user.activate': [{ actor: anonymous, action: 'user.activate', resource: user }],
  'user.update': [{ actor: admin, action: 'user.update', resource: user, details: { after: { displayName: 'S' } } }],
  'user.disable': [{ actor: admin, action: 'user.disable', resource: user }],
  'user.enable': [{ actor: admin, action: 'user.enable', resource: user }],
  'account-link.issue': [
    { actor: admin, action: 'account-link.issue', resource: user, details: { purpose: 'activate' } },
    { actor: job('setup'), action: 'account-link.issue', details: { purpose: 'setup' } },
  ],
  'api-token.create': [{ actor: person, action: 'api-token.create', resource: { type: 'api-token', id: 'tok-2' } }],
  'api-token.revoke': [{ actor: person, action: 'api-token.revoke', resource: { type: 'api-token', id: 'tok-2' } }],
  'membership.grant': [membership(admin, 'membership.grant', 'after')],
  'membership.revoke': [membership(job('contracts'), 'membership.revoke', 'before')],
  'http.request': [
    {
      actor: person,
      action: 'http.request',
      ...contract,
      http: { method: 'GET', path: '/contracts/c-1', status: 200 },
    },
    { actor: token, action: 'http.request', ...contract, http: { method: 'GET', path: '/api/v1/x', status: 200 } },
    {
      actor: token,
      action: 'http.request',
      ...contract,
      outcome: 'denied',
      http: { method: 'DELETE', path: '/api/v1/x', status: 403 },
    },
    { actor: admin, action: 'http.request', http: { method: 'OPTIONS', path: '/x', status: 204 } },
  ],
  'deadline-feed.read': [
    {
      actor: { type: 'system', name: 'deadline-feed', request },
      action: 'deadline-feed.read',
      resource: { type: 'deadline-feed', id: 'f-1' },
      details: { userId: 'u-1', deadlines: 3 },
    },
  ],
};

// Changes and reads of contract data: API Activity, by a person or by one of Custodian's own jobs.
const API_ACTIONS: [string, Actor][] = [
  ['audit.legal-hold', admin],
  ['audit.legal-hold-release', admin],
  ['audit.purge', job('audit-retention')],
  ['calendar-holiday.create', admin],
  ['calendar-holiday.delete', admin],
  ['calendar.create', admin],
  ['calendar.update', admin],
  ['contract.create', admin],
  ['contract.update', person],
  ['deadline-feed.create', person],
  ['deadline-feed.revoke', person],
  ['deadline.create', job('deadlines')],
  ['deadline.meet', person],
  ['deadline.miss', job('deadlines')],
  ['deadline.move', person],
  ['deadline.recompute', job('deadlines')],
  ['deadline.stop', person],
  ['deadline.supersede', person],
  ['deadline.waive', person],
  ['access-exception.agree', person],
  ['access-exception.raise', person],
  ['access-grant.create', person],
  ['access-grant.import', person],
  ['access-grant.revocation-start', job('access-grants')],
  ['access-grant.revoke', person],
  ['access-review.complete', person],
  ['clearance-period.reset', person],
  ['clearance-period.set', person],
  ['clearance-role.agree', person],
  ['clearance-role.assign', person],
  ['clearance-role.change', person],
  ['clearance-role.propose', person],
  ['clearance-role.refuse', person],
  ['clearance-role.unassign', person],
  ['clearance.end', person],
  ['clearance.record', person],
  ['clearance.renew', person],
  ['notification.delivery-failed', job('notifications')],
  ['notification.delivery-retry', person],
  ['organisation.create', admin],
  ['organisation.update', admin],
  ['person-check.record', person],
  // The identity provider's SCIM feed acts through an API token.
  ['person.directory-link', token],
  ['person.directory-update', token],
  ['person.directory-unlink', token],
  ['person.create', person],
  ['person.update', person],
  ['personnel.import', person],
  ['smp-change-request.create', person],
  ['smp-change-request.draft', person],
  ['smp-change-request.propose', person],
  ['smp-change-request.reopen', person],
  ['smp-change-request.review', person],
  ['smp-change-request.withdraw', person],
  ['smp-dispute.create', person],
  ['smp-dispute.decline', person],
  ['smp-dispute.record', person],
  ['smp-dispute.resolve', person],
  ['smp-document.confirm', person],
  ['smp-document.create', person],
  ['smp-document.delete', person],
  ['smp-document.dispute', person],
  ['smp-review.complete', person],
  ['smp-version.approve', person],
  ['smp-version.create', person],
  ['smp-version.refuse', person],
  ['smp-version.submit', person],
  ['smp-version.update', person],
  ['smp-version.withdraw', person],
  ['smp-settings.update', person],
  ['smp.create', person],
  ['smp.in-force', job('smp')],
  ['system.create', person],
  ['system.retire', person],
  ['system.update', person],
  ['variation.agree', person],
  ['variation.formalise', person],
  ['variation.propose', person],
  ['variation.reject', person],
  ['webhook.create', person],
  ['training-completion.record', person],
  ['training-course.agree-recurrence', person],
  ['training-course.create', job('training')],
  ['training-course.update', person],
  ['training.import', person],
  ['webhook.disable', job('notifications')],
  ['webhook.secret-seal', job('notifications')],
];
for (const [action, actor] of API_ACTIONS)
  SAMPLES[action] = [
    { actor, action, ...contract, resource: { type: action.split('.')[0]!, id: 'r-1' }, details: { n: 1 } },
  ];

/** Every action string the application's code records (`action: '…'`, and the users service's `change(…, '…')`). */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  const files = fs.readdirSync(path.join(root, 'src/modules'), { recursive: true, encoding: 'utf8' });
  for (const file of files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const text = fs.readFileSync(path.join(root, 'src/modules', file), 'utf8');
    for (const [, expr] of text.matchAll(/(?:\baction:|\bchange\(actor, id,)\s*([^\n]*)/g))
      for (const [, literal] of expr!.matchAll(/['`]([a-z][a-z-]*\.(?:[a-z][a-z-]*|\$\{))/g)) found.add(literal!);
  }
  return found;
}

const AT = '2026-12-01T10:00:00.000Z';
const eventOf = (input: AuditEventInput, seq = 0) => JSON.parse(buildAuditRow(input, seq, `id-${seq}`, AT).event);

describe('audit events are OCSF 1.8.0, checked against the schema definitions', () => {
  it('has a sample of every kind of event the application records', () => {
    const expanded = [...recordedActions()].flatMap((a) =>
      a === 'deadline.${' ? ['deadline.waive', 'deadline.supersede', 'deadline.stop'] : [a],
    );
    expect(expanded.length).toBeGreaterThan(50);
    expect(expanded.filter((a) => !SAMPLES[a])).toEqual([]);
  });

  for (const [action, inputs] of Object.entries(SAMPLES))
    it(`${action}: every variant validates`, () => {
      inputs.forEach((input, i) => {
        const event = eventOf(input, i);
        expect({ variant: i, errors: ocsf.validate(event) }).toEqual({ variant: i, errors: [] });
      });
    });
});

describe('the validator itself', () => {
  const good = () => eventOf(SAMPLES['auth.sign-in']![0]!) as Record<string, unknown>;
  it('refuses what the schema refuses', () => {
    type Spoilable = Record<string, unknown> & { type_uid: number; metadata: { profiles?: string[] } };
    const cases: [string, (e: Spoilable) => void, RegExp][] = [
      ['a missing required attribute', (e) => delete e.time, /must have required property 'time'/],
      ['a wrong type', (e) => (e.severity_id = '1'), /\/severity_id must be integer/],
      ['an unknown attribute', (e) => (e.custodian = 1), /must NOT have additional properties.*custodian/],
      ['an unknown enum value', (e) => (e.status_id = 7), /\/status_id must be equal to one of the allowed values/],
      ['a caption that disagrees', (e) => (e.status = 'Failure'), /\/status must be equal to constant/],
      ['a wrong type_uid', (e) => (e.type_uid += 1), /\/type_uid must be equal to constant/],
      ['an object constraint', (e) => (e.user = { org: { uid: 'o' } }), /\/user must match a schema in anyOf/],
      ['a datetime pattern', (e) => (e.time_dt = 'today'), /\/time_dt must match/],
      ['a profile not named', (e) => delete e.metadata.profiles, /must NOT have additional properties.*time_dt/],
      ['an unknown profile', (e) => e.metadata.profiles?.push('nonesuch'), /"nonesuch" is not an OCSF 1.8.0 profile/],
      ['Other without a name', (e) => Object.assign(e, { activity_id: 99, type_uid: 300299 }), /'activity_name'/],
    ];
    for (const [what, spoil, expected] of cases) {
      const e = good();
      expect(ocsf.validate(e), 'the sample itself').toEqual([]);
      spoil(e as Parameters<typeof spoil>[0]);
      expect(ocsf.validate(e).join('\n'), what).toMatch(expected);
    }
  });
});
