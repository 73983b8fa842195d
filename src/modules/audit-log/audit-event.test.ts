import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEventsTable } from './audit-log.tables.ts';
import { toFlag, toJson } from '../../platform/db/index.ts';
import type { Actor, RequestContext } from '../../platform/kernel/index.ts';
import { buildAuditRow, type AuditEventInput } from './audit-event.ts';
import { canonicalJson } from './canonical-json.ts';
import { classify, OCSF_VERSION } from './ocsf.ts';
import { seededRandom } from '../../../test/support/seeded-random.ts';

// ---------------------------------------------------------------------------------------------
// THE REFERENCE buildAuditRow MUST MATCH, byte for byte: the event format appended now, written the
// plain way (build the OCSF event object, then canonicalJson it), as the oracle for the hand-written
// serialiser. Change it only with the format (docs/audit-log.md describes it, and
// ocsf.conformance.test.ts checks it against the OCSF schema). Events already stored keep the
// format they were appended in: verification reads their own text and never rebuilds them.
// ---------------------------------------------------------------------------------------------
const REFERENCE_FORBIDDEN_KEYS = /password|secret|token|code_hash|recovery/i;

function referenceScrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(referenceScrub);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => !REFERENCE_FORBIDDEN_KEYS.test(k) && v !== undefined)
        .map(([k, v]) => [k, referenceScrub(v)]),
    );
  }
  return value;
}

function referenceCompact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) if (o[key] !== undefined && o[key] !== null) out[key] = o[key];
  return out;
}

const REFERENCE_TOKEN_TYPE = { type: 'API token', type_id: 99 };

function referenceActorOf(actor: Actor, outcome: string) {
  switch (actor.type) {
    case 'user':
      return {
        columns: {
          actor_type: 'user' as const,
          actor_id: actor.userId,
          actor_organisation_id: actor.organisationId,
          privileged: actor.privileged,
        },
        ocsf: {
          user: {
            uid: actor.userId,
            type: actor.privileged ? 'Admin' : 'User',
            type_id: actor.privileged ? 2 : 1,
            org: { uid: actor.organisationId },
          },
        },
      };
    case 'token':
      return {
        columns: {
          actor_type: 'token' as const,
          actor_id: actor.tokenId,
          actor_organisation_id: null,
          privileged: false,
        },
        ocsf: {
          user: { uid: actor.tokenId, ...REFERENCE_TOKEN_TYPE },
          authorizations: [
            {
              decision: outcome === 'denied' ? 'Denied' : 'Approved',
              policy: { name: actor.role, type: 'contract role', uid: actor.contractId },
            },
          ],
        },
      };
    case 'system':
      return {
        columns: {
          actor_type: 'system' as const,
          actor_id: `system:${actor.name}`,
          actor_organisation_id: null,
          privileged: false,
        },
        ocsf: { app_name: `custodian:${actor.name}` },
      };
    case 'anonymous':
      return {
        columns: { actor_type: 'anonymous' as const, actor_id: null, actor_organisation_id: null, privileged: false },
        ocsf: { user: { name: 'anonymous', type: 'Unknown', type_id: 0 } },
      };
  }
}

/** OCSF `user`: the subject given, else a user or API token named as the resource. */
function referenceSubject(input: AuditEventInput) {
  const kind = input.resource?.type;
  const fromResource = kind === 'user' || kind === 'api-token' ? input.resource!.id : undefined;
  const uid = input.subject?.uid ?? fromResource;
  const name = input.subject?.name;
  if (!uid && !name) return undefined;
  return referenceCompact({
    name: name || undefined,
    uid: uid || undefined,
    ...(uid && !input.subject?.uid && kind === 'api-token' ? REFERENCE_TOKEN_TYPE : {}),
  });
}

function referenceRow(
  input: AuditEventInput,
  seq: number,
  id: string,
  occurredAt: string,
  hostname = 'localhost',
): AuditEventsTable {
  const outcome = input.outcome ?? 'success';
  const a = referenceActorOf(input.actor, outcome);
  const user = referenceSubject(input);
  const privileges = input.privileges?.length ? input.privileges : undefined;
  const cls = classify(input.action, outcome, input.http?.method, { user: !!user, privileges: !!privileges });
  const api = cls.class_uid === 6003;
  const authentication = cls.class_uid === 3002;
  const details = referenceScrub(input.details ?? {}) as Record<string, unknown>;
  const request = input.actor.request;
  const event = referenceCompact({
    metadata: {
      version: OCSF_VERSION,
      uid: id,
      sequence: seq,
      log_name: 'custodian-audit',
      product: { name: 'Custodian', vendor_name: 'Custodian' },
      profiles: ['datetime'],
    },
    time: Date.parse(occurredAt),
    time_dt: occurredAt,
    ...cls,
    status_id: outcome === 'success' ? 1 : 2,
    status: outcome === 'success' ? 'Success' : 'Failure',
    status_detail: outcome === 'denied' ? 'denied' : undefined,
    actor: a.ocsf,
    src_endpoint: request?.sourceAddress ? { ip: request.sourceAddress } : api ? { svc_name: 'custodian' } : undefined,
    http_request:
      input.http || request?.userAgent || (!api && request?.requestId)
        ? referenceCompact({
            user_agent: request?.userAgent?.slice(0, 512),
            http_method: input.http?.method,
            url: input.http ? { path: input.http.path } : undefined,
            uid: !api && request?.requestId ? request.requestId : undefined,
          })
        : undefined,
    http_response: !api && input.http ? { code: input.http.status } : undefined,
    api: api
      ? referenceCompact({
          operation: input.action,
          request: request?.requestId ? { uid: request.requestId } : undefined,
          response: input.http ? { code: input.http.status } : undefined,
        })
      : undefined,
    user: api ? undefined : user,
    privileges: cls.class_uid === 3005 ? privileges : undefined,
    service: authentication ? { name: 'Custodian' } : undefined,
    dst_endpoint: authentication ? { hostname } : undefined,
    unmapped: {
      custodian: referenceCompact({
        action: input.action,
        outcome,
        privileged: a.columns.privileged,
        contract_id: input.contractId ?? undefined,
        resource: input.resource,
        details,
      }),
    },
  });
  const canonical = canonicalJson(event);
  if (canonical === undefined) throw new Error('audit event could not be canonicalised');
  return {
    seq,
    id,
    occurred_at: occurredAt,
    class_uid: cls.class_uid,
    activity_id: cls.activity_id,
    severity_id: cls.severity_id,
    ...a.columns,
    privileged: toFlag(a.columns.privileged),
    action: input.action,
    resource_type: input.resource?.type ?? null,
    resource_id: input.resource?.id ?? null,
    contract_id: input.contractId ?? null,
    outcome,
    source_address: request?.sourceAddress?.slice(0, 64) ?? null,
    user_agent: request?.userAgent?.slice(0, 512) ?? null,
    request_id: request?.requestId ?? null,
    details: toJson(details),
    event: canonical,
    leaf_hash: crypto.hash('sha256', '\u0000' + canonical, 'hex'),
  };
}
// ------------------------------------------------------------------------- end of the reference

const AT = '2026-12-01T10:00:00.000Z';

/** The row, or the error's message: both implementations must agree on either. */
const attempt = (f: () => AuditEventsTable) => {
  try {
    const row = f();
    return { row, columns: Object.keys(row) }; // the column order too: inserts take it from the first row
  } catch (err) {
    return { error: (err as Error).message };
  }
};

function expectSameRow(input: AuditEventInput, seq = 7, id = 'id-7', occurredAt = AT, hostname?: string) {
  const expected = attempt(() => referenceRow(input, seq, id, occurredAt, hostname));
  expect(attempt(() => buildAuditRow(input, seq, id, occurredAt, hostname ? { hostname } : undefined))).toEqual(
    expected,
  );
  return expected;
}

const LONG_AGENT = `Mozilla/5.0 ${'(KHTML, like Gecko) é 😀 '.repeat(40)}`; // > 512 code units
const NASTY = [
  '',
  'plain',
  'quote " back \\ slash',
  'ctl \u0000 \u0001 \u001f \b \f \n \r \t',
  'del \u007f',
  'Ünïcode ✓ é €',
  'astral 😀 𝄞',
  '\u2028\u2029',
  '\uffff',
  '/slash',
  LONG_AGENT,
];
const request = (over: Partial<RequestContext> = {}): RequestContext => ({
  requestId: 'r1',
  sourceAddress: '192.0.2.1',
  userAgent: 'UA "quoted" \\ é',
  ...over,
});
const without = (key: keyof RequestContext): RequestContext => {
  const r = request();
  delete (r as Partial<RequestContext>)[key];
  return r;
};
const REQUESTS: (RequestContext | undefined)[] = [
  undefined,
  request(),
  without('requestId'),
  without('sourceAddress'),
  without('userAgent'),
  request({ requestId: '' }),
  request({ sourceAddress: '' }),
  request({ userAgent: '' }),
  request({ userAgent: null as unknown as undefined }),
  request({
    userAgent: LONG_AGENT,
    sourceAddress: '2001:db8:85a3:0000:0000:8a2e:0370:7334%eth0-with-a-very-long-zone-identifier',
  }),
  { requestId: '', sourceAddress: '', userAgent: undefined },
];
const actors = (req: RequestContext | undefined): Actor[] => [
  { type: 'user', userId: 'u1', organisationId: 'o1', privileged: false, request: req },
  { type: 'user', userId: 'u "2"', organisationId: 'o é', privileged: true, request: req },
  { type: 'token', tokenId: 't1', contractId: 'c1', role: 'reader', request: req },
  { type: 'anonymous', request: req },
  { type: 'system', name: 'retention' },
  { type: 'system', name: 'odd "name" \\ 😀' },
  { type: 'system', name: 'deadline-feed', request: req },
];
const OUTCOMES = [undefined, 'success', 'failure', 'denied'] as const;
const SUBJECTS: AuditEventInput['subject'][] = [
  undefined,
  { uid: 'u2' },
  { name: 'sam@example.test' },
  { uid: 'u "3"', name: 'é 😀' },
  { uid: '' },
  { name: '' },
  {},
];
const PRIVILEGES: AuditEventInput['privileges'][] = [undefined, ['auditor'], [], ['a "b"', 'c\\d', '😀']];
const HTTPS = [
  undefined,
  { method: 'GET', path: '/contracts/c1', status: 200 },
  { method: 'POST', path: '/p?q="x"&é', status: 303 },
  { method: 'PURGE', path: '', status: 403 },
];
const ACTIONS = [
  'http.request',
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.session-expired',
  'user.create',
  'user.update',
  'api-token.revoke',
  'membership.grant',
  'membership.revoke',
  'contract.delete',
  'contract.create',
  'purge',
  '',
  'weird "action" 😀',
];

class Point {
  constructor(
    public x: number,
    public apiToken = 'hidden',
  ) {}
  toJSON() {
    return 'point';
  }
}

const DETAILS: (Record<string, unknown> | undefined)[] = [
  undefined,
  {},
  { route: '/contracts/:contractId', method: 'GET', status: 200 },
  {
    before: { title: 'a' },
    after: { title: 'b', tags: ['x', 'y', [1, [2, {}]]] },
    empty: [],
    nested: { deeper: { deepest: { n: 1 } } },
  },
  {
    n: [
      0,
      -0,
      1,
      -1,
      0.5,
      -2.25,
      1e21,
      1e-7,
      5e-324,
      1.7976931348623157e308,
      Number.MAX_SAFE_INTEGER,
      123456789012345680000,
    ],
  },
  { t: true, f: false, nul: null, und: undefined, arr: [undefined, null, true] },
  {
    password: 'p',
    after: {
      token_hash: 'h',
      mfa_secret: 's',
      name: 'kept',
      nested: [{ recoveryCodes: ['x'], code_hash: 'c', keep: 1 }],
    },
    apiToken: 't',
    SECRET: 1,
    Password: 2,
  },
  { é: 1, Z: 2, a: 3, '\ud83d\ude00': 4, '\uffff': 5, '': 6, '10': 7, '9': 8, aa: 9, A: 10, _: 11, 'a b': 12 },
  { s: NASTY },
  // Not plain data: scrub copies each into a plain object, which serialises differently (one per
  // details, since one forbidden key anywhere has the whole details scrubbed).
  { when: new Date(0) },
  { point: new Point(1) },
  { point: [new Point(2, undefined)] },
  { boxed: new Number(5) },
  { map: new Map([[1, 2]]) },
  { own: { toJSON: () => ({ b: 1, a: [2] }) } },
  {
    own: Object.defineProperty(
      {
        toJSON(): unknown {
          return (this as { hidden?: string }).hidden ?? 'the copy';
        },
      },
      'hidden',
      { value: 'the original', enumerable: false },
    ),
  },
  { own: Object.defineProperty({ a: 1 }, 'toJSON', { value: () => 'not enumerable', enumerable: false }) },
  { list: Object.assign([1, 2], { toJSON: () => 'own toJSON of an array' }) },
  { nullProto: Object.assign(Object.create(null) as object, { b: 1, a: 2 }) },
  // eslint-disable-next-line no-sparse-arrays -- an array with a hole, on purpose
  { holes: [1, , 3], fn: () => 1, sym: Symbol('s') },
  { deep: { a: { b: { c: [{ d: { e: [{ password: 'x', keep: 'y' }] } }] } } } },
];

describe('buildAuditRow matches the reference implementation exactly', () => {
  it('for every actor, with each request field present, empty or missing', () => {
    for (const req of REQUESTS) {
      for (const actor of actors(req)) {
        for (const http of [undefined, HTTPS[1]])
          expectSameRow({ actor, action: 'http.request', http, contractId: 'c1', details: { route: '/x' } });
      }
    }
  });

  it('for every outcome, action, HTTP exchange, resource and contract', () => {
    const resources = [
      undefined,
      null,
      { type: 'user', id: 'u9' },
      { type: 'api-token', id: 't9' },
      { type: 'contract', id: 'c1' },
      { type: 'q"uote', id: '😀' },
      { id: 'x', type: 'y', extra: [1, 'z'] },
    ];
    let n = 0;
    for (const outcome of OUTCOMES) {
      for (const action of ACTIONS) {
        for (const http of HTTPS) {
          for (const resource of resources) {
            for (const contractId of [undefined, null, '', 'c1', 'c "é"']) {
              const actor = actors(REQUESTS[n % REQUESTS.length])[n % 7]!;
              const subject = SUBJECTS[n % SUBJECTS.length];
              const privileges = PRIVILEGES[Math.floor(n / 7) % PRIVILEGES.length];
              expectSameRow(
                {
                  actor,
                  action,
                  outcome,
                  http,
                  resource: resource as AuditEventInput['resource'],
                  contractId,
                  subject,
                  privileges,
                },
                n,
                `id-${n}`,
                AT,
                n % 2 ? 'custodian.example' : undefined,
              );
              n++;
            }
          }
        }
      }
    }
  });

  it('for details of every kind: nested, numbers, null and undefined members, secrets at depth, keys sorted by UTF-16 code units', () => {
    for (const details of DETAILS) {
      for (const actor of actors(request()))
        expectSameRow({
          actor,
          action: 'contract.update',
          contractId: 'c1',
          resource: { type: 'contract', id: 'c1' },
          details,
        });
    }
    // The secrets really are gone, and the keys sorted as RFC 8785 says.
    const row = buildAuditRow({ actor: { type: 'system', name: 's' }, action: 'a', details: DETAILS[6] }, 0, 'id', AT);
    expect(row.details).toBe('{"after":{"name":"kept","nested":[{"keep":1}]}}');
    expect(
      buildAuditRow(
        {
          actor: { type: 'system', name: 's' },
          action: 'a',
          details: { é: 1, Z: 2, a: 3, '\ud83d\ude00': 4, '\uffff': 5 },
        },
        0,
        'id',
        AT,
      ).event,
    ).toContain('"details":{"Z":2,"a":3,"é":1,"😀":4,"\uffff":5}');
  });

  it('for strings with quotes, backslashes, control characters, non-ASCII and astral characters in every field', () => {
    for (const s of NASTY) {
      const req = request({ requestId: s, sourceAddress: s, userAgent: s });
      const inputs: AuditEventInput[] = [
        {
          actor: { type: 'user', userId: s, organisationId: s, privileged: true, request: req },
          action: s,
          contractId: s,
          resource: { type: s, id: s },
          http: { method: s, path: s, status: 200 },
          details: { [s]: s },
        },
        {
          actor: { type: 'token', tokenId: s, contractId: s, role: s, request: req },
          action: s,
          http: { method: 'GET', path: s, status: 500 },
        },
        { actor: { type: 'system', name: s }, action: s, details: { nested: [s, { [s]: [s] }] } },
        {
          actor: { type: 'system', name: s, request: req },
          action: 'membership.grant',
          subject: { uid: s, name: s },
          privileges: [s, s],
          resource: { type: 'api-token', id: s },
        },
        { actor: { type: 'anonymous', request: req }, action: 'auth.sign-in-failed', subject: { name: s } },
      ];
      for (const input of inputs) expectSameRow(input, 3, s, AT);
    }
  });

  it('for any sequence number, id and time, the time changing or not from one event to the next', () => {
    const input: AuditEventInput = { actor: { type: 'system', name: 't' }, action: 'x.create' };
    for (const seq of [0, 1, 999, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
      for (const at of [
        AT,
        '2026-12-01T10:00:00.001Z',
        AT,
        '1970-01-01T00:00:00.000Z',
        '2026-12-01T10:00:00Z',
        '2026-12-01',
        AT,
      ])
        expectSameRow(input, seq, `id-${seq}`, at);
    }
  });

  it('throws as it always did: lone surrogates anywhere, an unreadable time, a NaN in the details', () => {
    const base: AuditEventInput = {
      actor: { type: 'user', userId: 'u1', organisationId: 'o1', privileged: false, request: request() },
      action: 'a.update',
      details: { x: 1 },
    };
    const cases: [AuditEventInput, string][] = [
      [{ ...base, details: { title: 'bad \ud800 text' } }, 'Lone surrogate is not allowed'],
      [{ ...base, details: { ['\udc00']: 1 } }, 'Lone surrogate is not allowed'],
      [{ ...base, details: { n: [NaN] } }, 'NaN is not allowed'],
      [{ ...base, details: { n: Infinity } }, 'Infinity is not allowed'],
      [
        { ...base, actor: { ...base.actor, request: request({ userAgent: 'ua \ud83d' }) } as Actor },
        'Lone surrogate is not allowed',
      ],
      [{ ...base, resource: { type: 'contract', id: '\ude00' } }, 'Lone surrogate is not allowed'],
      // The subject is written last (`user`), the privileges before the status: each in its place.
      [
        { ...base, action: 'membership.grant', subject: { name: '\ud800' }, privileges: ['r'], details: { n: NaN } },
        'NaN is not allowed',
      ],
      [
        { ...base, action: 'membership.grant', subject: { uid: 'u' }, privileges: ['\ud800'], details: { n: NaN } },
        'Lone surrogate is not allowed',
      ],
      // Both faulty: the first in canonical order is named (http_request before unmapped).
      [
        {
          ...base,
          actor: { ...base.actor, request: request({ userAgent: 'ua \ud83d' }) } as Actor,
          details: { n: NaN },
        },
        'Lone surrogate is not allowed',
      ],
    ];
    for (const [input, message] of cases) {
      expect(() => buildAuditRow(input, 1, 'id', AT)).toThrow(message);
      expectSameRow(input);
    }
    expect(() => buildAuditRow(base, 1, 'id', 'not a time')).toThrow('NaN is not allowed');
    expectSameRow(base, 1, 'id', 'not a time');
    expectSameRow(base, 1, 'id', AT); // and a good time afterwards is written anew
  });

  it('for thousands of random events (seeded)', () => {
    const rand = seededRandom(8785);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const CHARS = [
      'a',
      'Z',
      '0',
      ' ',
      '"',
      '\\',
      '/',
      '\n',
      '\t',
      '\u0000',
      '\u001f',
      'é',
      '€',
      '\u2028',
      '\ud83d\ude00',
      '\uffff',
      'p',
      'assword',
      'token',
      'Secret',
    ];
    const str = () => Array.from({ length: Math.floor(rand() * 8) }, () => pick(CHARS)).join('');
    const NUMBERS = [0, -0, 1, -1, 0.1, -2.5e-9, 1e21, 123.456, 2 ** 53, 200, 403, 1764322800000];
    const value = (depth: number): unknown => {
      const kind = Math.floor(rand() * (depth > 3 ? 4 : 6));
      if (kind === 0) return str();
      if (kind === 1) return pick(NUMBERS);
      if (kind === 2) return pick([true, false, null, undefined]);
      if (kind === 3) return pick(['GET', '/contracts/:contractId', 'password', 42]);
      if (kind === 4) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 5); i > 0; i--)
        o[pick([str(), 'route', 'method', 'status', 'password', 'apiToken', 'mfa_secret', 'é', 'Z', '10', '2'])] =
          value(depth + 1);
      return o;
    };
    const maybe = <T>(f: () => T): T | undefined => (rand() < 0.5 ? f() : undefined);
    const randomRequest = (): RequestContext | undefined =>
      maybe(() => ({
        requestId: pick(['', 'r1', str()]),
        sourceAddress: pick(['', '10.0.0.1', str()]),
        userAgent: pick([undefined, '', 'Mozilla/5.0', LONG_AGENT, str()]),
      }));
    const randomActor = (): Actor => {
      const kind = Math.floor(rand() * 4);
      if (kind === 0)
        return {
          type: 'user',
          userId: str(),
          organisationId: str(),
          privileged: rand() < 0.3,
          request: randomRequest(),
        };
      if (kind === 1)
        return {
          type: 'token',
          tokenId: str(),
          contractId: str(),
          role: pick(['reader', 'editor', str()]),
          request: randomRequest(),
        };
      if (kind === 2) return { type: 'system', name: str() };
      return { type: 'anonymous', request: randomRequest() };
    };
    const times = [AT, '2026-12-01T10:00:00.001Z', '2030-01-01T00:00:00.000Z'];
    for (let i = 0; i < 4_000; i++) {
      const input: AuditEventInput = {
        actor: randomActor(),
        action: pick(ACTIONS),
        outcome: pick(OUTCOMES),
        resource: maybe(() => ({ type: pick(['contract', 'user', 'api-token', str()]), id: str() })),
        subject: maybe(() => ({ uid: pick([undefined, str()]), name: pick([undefined, str()]) })),
        privileges: maybe(() => Array.from({ length: Math.floor(rand() * 3) }, str)),
        contractId: pick([undefined, null, str()]),
        details: maybe(() => value(0) as Record<string, unknown>),
        http: maybe(() => ({
          method: pick(['GET', 'POST', 'DELETE', 'OPTIONS', str()]),
          path: str(),
          status: pick([200, 303, 403, 500]),
        })),
      };
      expectSameRow(input, Math.floor(rand() * 1e9), str(), times[Math.floor(i / 100) % times.length]!);
    }
  });
});
