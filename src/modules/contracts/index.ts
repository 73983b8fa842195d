import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { contractsApi } from './contracts.api.ts';
import type { ContractsPluginOptions } from './contracts.options.ts';
import { createContractsService, type ContractsService } from './contracts.service.ts';
import type { ContractsTables } from './contracts.tables.ts';
import { contractsWeb } from './contracts.web.ts';
import { partiesApi } from './parties.api.ts';
import { staffWeb } from './staff.web.ts';
import { createWaitingList, type WaitingList } from './waiting-for-you.ts';

/** Contracts, their parties and the roles people hold on them. */
export type { ContractChange, ContractsService } from './contracts.service.ts';
export { contractOutput, membershipOutput, type Contract, type Membership } from './contracts.schemas.ts';
export { partyLeads, type Party } from './party-leads.ts';
export type { WaitingItem, WaitingList, WaitingSource } from './waiting-for-you.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    contracts: ContractsService;
    /** What awaits a person on their contracts: later modules register what they know. */
    waiting: WaitingList;
  }
}

const ALL_ROLES = [
  'agency-security-manager',
  'agency-staff',
  'client-representative',
  'client-viewer',
  'oversight-viewer',
  'auditor',
] as const;

const permissions = {
  'contracts:manage': { scope: 'admin', about: 'Creating contracts and changing their details.' },
  'memberships:manage': { scope: 'admin', about: 'Giving and removing any role on any contract.' },
  'contract:view': {
    scope: 'contract',
    roles: ALL_ROLES,
    systemAdmin: true,
    about: 'Seeing the contract, its parties and what applies to it.',
  },
  'contract:members:view': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative', 'auditor'],
    systemAdmin: true,
    about: 'Seeing who holds which role on the contract.',
  },
  'contract:staff:manage': {
    scope: 'contract',
    roles: ['agency-security-manager'],
    systemAdmin: true,
    about: 'Giving and removing the agency-staff role on the contract, so a leaver loses access the same day (B6).',
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

async function contractsPlugin(app: FastifyInstance, opts: ContractsPluginOptions): Promise<void> {
  contractsWeb(app, opts);
  staffWeb(app, opts);
  // The JSON API lives in its own encapsulated contexts (zod validation and serialization).
  await app.register(contractsApi, opts);
  await app.register(partiesApi, opts);
}

export const contractsModule = defineModule({
  name: 'contracts',
  about: 'Contracts between an Agency and a Client, and the least-privilege roles people hold on each.',
  tables: ownTables<ContractsTables>({ contracts: true, memberships: true }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['contracts', 'waiting'],
  needs: ['audit', 'organisations', 'users'],
  services: ({ uow, clock }, { audit, organisations, users }) => ({
    contracts: createContractsService({ uow, clock, audit, organisations, users }),
    waiting: createWaitingList(),
  }),
  web: { routes: (app, services, { contractLinks }) => contractsPlugin(app, { ...services, contractLinks }) },
  apiTags: [
    { name: 'Contracts', description: 'The contract the token is scoped to, and the roles people hold on it.' },
    {
      name: 'Organisations',
      description: 'The parties to the token’s contract: Agency, Client and any oversight body.',
    },
    { name: 'Users', description: 'The people who hold a role on the token’s contract.' },
  ],
});
