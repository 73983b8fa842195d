import { currentTotp } from '../../src/platform/auth/index.ts';
import type { OrganisationKind } from '../../src/platform/auth/index.ts';
import { systemActor } from '../../src/platform/kernel/index.ts';
import { BrowserAgent } from './browser-agent.ts';
import { textOf } from './html.ts';
import type { TestApp } from './test-app.ts';

export const PASSWORD = 'correct horse battery staple';
const admin = systemActor('test');
let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

export async function anOrganisation(t: TestApp, kind: OrganisationKind, name = unique(kind)) {
  return t.services.organisations.create(admin, { name, kind });
}

/** A user with a password set (through the real activation link), not yet enrolled in MFA. */
export async function aUser(
  t: TestApp,
  organisationId: string,
  opts: { email?: string; displayName?: string; isSystemAdmin?: boolean } = {},
) {
  const email = opts.email ?? `${unique('person')}@example.test`;
  const { user, activationUrl } = await t.services.users.create(admin, {
    email,
    displayName: opts.displayName ?? 'Test Person',
    organisationId,
    ...(opts.isSystemAdmin ? { isSystemAdmin: 'yes' } : {}),
  });
  const token = activationUrl.split('/').pop()!;
  await t.services.links.completePasswordLink(token, { password: PASSWORD, confirmPassword: PASSWORD }, admin);
  return user;
}

/** Signs in through the real pages, enrolling MFA on first sign-in; returns the agent and the TOTP secret. */
export async function signIn(t: TestApp, email: string, opts: { secret?: string; ip?: string } = {}) {
  const agent = new BrowserAgent(t.app, opts.ip);
  await agent.get('/sign-in');
  const res = await agent.post('/sign-in', { email, password: PASSWORD });
  if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode}`);
  let secret = opts.secret;
  if (res.headers.location === '/mfa/enrol') {
    const page = await agent.get('/mfa/enrol');
    secret = textOf(page.body, 'totp-secret') || undefined;
    if (!secret) throw new Error('no TOTP secret on the enrolment page');
    const done = await agent.post('/mfa/enrol', { code: currentTotp(secret, t.clock.now()) });
    if (done.statusCode !== 201 && done.statusCode !== 200) throw new Error(`enrolment failed: ${done.statusCode}`);
  } else {
    await agent.get('/sign-in/mfa');
    if (!secret) throw new Error('user is enrolled: pass the TOTP secret');
    // A new time step, so the code is not a replay of the last one used.
    t.clock.advanceMinutes(1);
    const done = await agent.post('/sign-in/mfa', { code: currentTotp(secret, t.clock.now()) });
    if (done.statusCode !== 303) throw new Error(`MFA failed: ${done.statusCode}`);
  }
  return { agent, secret: secret! };
}

/** An organisation, a system administrator in it, signed in. */
export async function anAdmin(t: TestApp) {
  const org = await anOrganisation(t, 'agency');
  const user = await aUser(t, org.id, { isSystemAdmin: true, displayName: 'Ada Admin' });
  const session = await signIn(t, user.email);
  return { org, user, ...session };
}

/** An Agency, a Client and a contract between them. */
export async function aContract(t: TestApp, extra: Record<string, unknown> = {}) {
  const agency = await anOrganisation(t, 'agency');
  const client = await anOrganisation(t, 'client');
  const contract = await t.services.contracts.create(admin, {
    orderReference: unique('ORD'),
    title: 'Managed print service',
    startDate: '2026-11-30',
    agencyOrganisationId: agency.id,
    clientOrganisationId: client.id,
    securityPolicyApplies: 'no',
    oversightMayEnforce: 'no',
    ...extra,
  });
  return { agency, client, contract };
}

/** A contract with its two leads: the Agency's security manager and the Client's Representative, with actors for the services. */
export async function aContractWithLeads(t: TestApp, extra: Record<string, unknown> = {}) {
  const c = await aContract(t, extra);
  const manager = await aUser(t, c.agency.id);
  const rep = await aUser(t, c.client.id);
  await t.services.contracts.grant(admin, c.contract.id, { userId: manager.id, role: 'agency-security-manager' });
  await t.services.contracts.grant(admin, c.contract.id, { userId: rep.id, role: 'client-representative' });
  return {
    ...c,
    manager,
    rep,
    agencyActor: { type: 'user' as const, userId: manager.id, organisationId: c.agency.id, privileged: false },
    clientActor: { type: 'user' as const, userId: rep.id, organisationId: c.client.id, privileged: false },
  };
}
