import type { FastifyInstance } from 'fastify';
import type { UsersService } from '../accounts/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import type { ContractsService } from './contracts.service.ts';
import { contractsApi } from './contracts.api.ts';
import { contractsWeb } from './contracts.web.ts';
import { partiesApi } from './parties.api.ts';
import { staffWeb } from './staff.web.ts';

/** Contracts, their parties and the roles people hold on them. */
export { createContractsService, type ContractsService } from './contracts.service.ts';
export { contractOutput, membershipOutput, type Contract, type Membership } from './contracts.schemas.ts';
export { partyLeads, type Party } from './party-leads.ts';

export interface ContractsPluginOptions {
  contracts: ContractsService;
  organisations: OrganisationsService;
  users: UsersService;
}

export async function contractsPlugin(app: FastifyInstance, opts: ContractsPluginOptions): Promise<void> {
  contractsWeb(app, opts);
  staffWeb(app, opts);
  // The JSON API lives in its own encapsulated contexts (zod validation and serialization).
  await app.register(contractsApi, opts);
  await app.register(partiesApi, opts);
}
