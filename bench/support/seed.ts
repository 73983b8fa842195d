/**
 * Seeding shared by the benches that drive real pages: an Agency with an administrator, a Client
 * with its Representative, ten contracts, and a real signed-in session for the Representative.
 */
import type { Services } from '../../src/app.ts';
import { currentTotp } from '../../src/platform/auth/index.ts';
import { systemActor } from '../../src/platform/kernel/index.ts';
import { FormClient } from './form-client.ts';

export const BENCH_PASSWORD = 'lantern quartz meadow harbour';
const actor = systemActor('bench');

/** An Agency with an administrator, a Client with its Representative, and ten contracts. */
export async function seedContracts(services: Services) {
  const activate = async (activationUrl: string) => {
    const token = activationUrl.split('/').pop()!;
    await services.links.completePasswordLink(
      token,
      { password: BENCH_PASSWORD, confirmPassword: BENCH_PASSWORD },
      actor,
    );
  };
  const agency = await services.organisations.create(actor, { name: 'Bench Agency Ltd', kind: 'agency' });
  const client = await services.organisations.create(actor, { name: 'Department for Benchmarks', kind: 'client' });
  const admin = await services.users.create(actor, {
    email: 'admin@agency.example',
    displayName: 'Bench Admin',
    organisationId: agency.id,
    isSystemAdmin: 'yes',
  });
  await activate(admin.activationUrl);
  const rep = await services.users.create(actor, {
    email: 'rep@client.example',
    displayName: 'Bench Representative',
    organisationId: client.id,
  });
  await activate(rep.activationUrl);
  const contracts = [];
  for (let i = 1; i <= 10; i++) {
    contracts.push(
      await services.contracts.create(actor, {
        orderReference: `BENCH-${String(i).padStart(3, '0')}`,
        title: `Benchmark service ${i}`,
        startDate: '2026-12-01',
        agencyOrganisationId: agency.id,
        clientOrganisationId: client.id,
        securityPolicyApplies: 'no',
        oversightMayEnforce: 'no',
        ...(i <= 3 ? { clientRepresentativeUserId: rep.user.id } : {}),
      }),
    );
  }
  return { rep: rep.user, contract: contracts[0]! };
}

/** Signs a user in through the real pages (password, MFA enrolment); returns the Cookie header. */
export async function signIn(baseUrl: string, email: string, contractId: string): Promise<string> {
  const browser = new FormClient(baseUrl);
  await browser.get('/sign-in');
  const password = await browser.post('/sign-in', { email, password: BENCH_PASSWORD, returnTo: '/' });
  if (password.status !== 303 || password.location !== '/mfa/enrol')
    throw new Error(`sign-in: expected 303 to /mfa/enrol, got ${password.status} ${password.location}`);
  const enrol = await browser.get('/mfa/enrol');
  const secret = /id="totp-secret">\s*([A-Z2-7]+)\s*</.exec(enrol.body)?.[1];
  if (!secret) throw new Error('no TOTP secret on the enrolment page');
  const done = await browser.post('/mfa/enrol', { code: currentTotp(secret, new Date()) });
  if (done.status !== 200 && done.status !== 201) throw new Error(`MFA enrolment: got ${done.status}`);
  const overview = await browser.get(`/contracts/${contractId}`);
  if (overview.status !== 200) throw new Error(`the signed-in overview answered ${overview.status}`);
  return browser.cookieHeader;
}
