import type { ContractLink } from '../../platform/modules/index.ts';
import type { UsersService } from '../accounts/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import type { ContractsService } from './contracts.service.ts';
import type { WaitingList } from './waiting-for-you.ts';

/** What the contract pages and API are registered with. */
export interface ContractsPluginOptions {
  contracts: ContractsService;
  organisations: OrganisationsService;
  users: UsersService;
  waiting: WaitingList;
  /** Every module's pages about a contract, for the contract's page. */
  contractLinks: readonly ContractLink[];
}
