import { systemActor } from '../../src/platform/kernel/index.ts';
import type { Person } from '../pages/accounts.ts';
import type { ClockedServer } from './clocked-server.ts';

const setup = systemActor('e2e-setup');

/** A user in an organisation with their password set, as if they had followed their activation link. */
async function activeUser(
  server: ClockedServer,
  organisationId: string,
  person: Person,
  isSystemAdmin = false,
): Promise<string> {
  const { user, activationUrl } = await server.services.users.create(setup, {
    email: person.email,
    displayName: person.displayName,
    organisationId,
    ...(isSystemAdmin ? { isSystemAdmin: 'yes' } : {}),
  });
  await server.services.links.completePasswordLink(
    activationUrl.split('/').pop()!,
    { password: person.password, confirmPassword: person.password },
    setup,
  );
  return user.id;
}

/**
 * The set-up an administrator would do on the admin pages (journey.e2e.ts walks those): an Agency
 * and a Client, a contract between them naming the Client's Representative, and the Agency's
 * security manager given their role, and (when named) a system administrator in the Agency.
 * Returns the contract's id.
 */
export async function setUpContract(
  server: ClockedServer,
  c: {
    agency: string;
    client: string;
    orderReference: string;
    title: string;
    startDate: string;
    manager: Person;
    clientRep: Person;
    admin?: Person;
  },
): Promise<string> {
  const { organisations, contracts } = server.services;
  const agency = await organisations.create(setup, { name: c.agency, kind: 'agency' });
  const client = await organisations.create(setup, { name: c.client, kind: 'client' });
  const managerId = await activeUser(server, agency.id, c.manager);
  const repId = await activeUser(server, client.id, c.clientRep);
  if (c.admin) await activeUser(server, agency.id, c.admin, true);
  const contract = await contracts.create(setup, {
    orderReference: c.orderReference,
    title: c.title,
    startDate: c.startDate,
    agencyOrganisationId: agency.id,
    clientOrganisationId: client.id,
    clientRepresentativeUserId: repId,
    securityPolicyApplies: 'no',
    oversightMayEnforce: 'no',
  });
  await contracts.grant(setup, contract.id, { userId: managerId, role: 'agency-security-manager' });
  return contract.id;
}
