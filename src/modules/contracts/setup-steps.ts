import type { SignedInUser } from '../../platform/auth/index.ts';
import type { UsersService } from '../accounts/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import type { ContractsService } from './contracts.service.ts';

/** One step of setting Custodian up, as a GOV.UK task list item shows it. */
export interface SetupStep {
  title: string;
  href: string;
  hint: string;
  done: boolean;
  /** False while an earlier step it depends on is not done: shown as "Cannot start yet", no link. */
  canStart: boolean;
}

const names = (xs: { name: string }[]) =>
  xs.length <= 2 ? xs.map((x) => x.name).join(' and ') : `${xs.length}, among them ${xs[0]!.name}`;

/**
 * What a system administrator sets up, in order, and how far it has got: the Agency and the Client
 * organisations, the people, a contract between them, and on each contract the two roles its clocks
 * need (the Agency's security manager and the Client's Representative). Counted from what exists,
 * so the list reflects the work already done however it was done (pages, API or CLI).
 */
export async function setupSteps(deps: {
  organisations: OrganisationsService;
  users: UsersService;
  contracts: ContractsService;
  admin: SignedInUser;
}): Promise<SetupStep[]> {
  const [orgs, people, contracts] = await Promise.all([
    deps.organisations.list(),
    deps.users.list(),
    deps.contracts.listVisibleTo(deps.admin),
  ]);
  const agencies = orgs.filter((o) => o.kind === 'agency');
  const clients = orgs.filter((o) => o.kind === 'client');
  const others = people.filter((p) => p.id !== deps.admin.id);
  const lacking: string[] = [];
  for (const c of contracts) {
    const roles = new Set((await deps.contracts.memberships(c.id)).map((m) => m.role));
    if (!roles.has('agency-security-manager') || !roles.has('client-representative')) lacking.push(c.orderReference);
  }
  const orgsDone = agencies.length > 0 && clients.length > 0;
  const missingParty = [agencies.length ? '' : 'an Agency (supplier)', clients.length ? '' : 'a Client (buyer)']
    .filter(Boolean)
    .join(' and ');
  return [
    {
      title: 'Add the organisations',
      href: '/admin/organisations/new',
      hint: orgsDone
        ? `Agency: ${names(agencies)}. Client: ${names(clients)}.`
        : `Each contract is between an Agency (supplier) and a Client (buyer). Add ${missingParty}.`,
      done: orgsDone,
      canStart: true,
    },
    {
      title: 'Add the people who will use Custodian',
      href: '/admin/users/new',
      hint: others.length
        ? `${others.length} ${others.length === 1 ? 'person' : 'people'} besides you. Add anyone else from either party.`
        : 'Add each person in their organisation, at least the Agency’s security manager and the Client’s Representative. You give each of them a one-time link to choose a password.',
      done: others.length > 0,
      canStart: orgs.length > 0,
    },
    {
      title: 'Add a contract',
      href: '/admin/contracts/new',
      hint: contracts.length
        ? `${contracts.length} ${contracts.length === 1 ? 'contract' : 'contracts'}.`
        : 'Its order reference, Start Date (the Security Management Plan is due 20 Working Days after it), the Agency and the Client.',
      done: contracts.length > 0,
      canStart: orgsDone,
    },
    {
      title: 'Give people their roles on each contract',
      href: contracts.length === 1 ? `/admin/contracts/${contracts[0]!.id}/members` : '/contracts',
      hint: lacking.length
        ? `Needs an Agency security manager and a Client’s Representative: ${lacking.slice(0, 3).join(', ')}${lacking.length > 3 ? ` and ${lacking.length - 3} more` : ''}.`
        : contracts.length
          ? 'Every contract has its Agency security manager and Client’s Representative.'
          : 'Each contract needs the Agency’s security manager and the Client’s Representative before its clocks can remind anyone.',
      done: contracts.length > 0 && lacking.length === 0,
      canStart: contracts.length > 0 && others.length > 0,
    },
  ];
}
