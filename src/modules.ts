import { createPermissionCatalogue } from './platform/auth/index.ts';
import { migrationFolders, type TablesOf } from './platform/modules/index.ts';
import { accountsModule } from './modules/accounts/index.ts';
import { apiTokensModule } from './modules/api-tokens/index.ts';
import { auditLogModule } from './modules/audit-log/index.ts';
import { clearancesModule } from './modules/clearances/index.ts';
import { calendarModule } from './modules/calendar/index.ts';
import { contractsModule } from './modules/contracts/index.ts';
import { deadlinesModule } from './modules/deadlines/index.ts';
import { notificationsModule } from './modules/notifications/index.ts';
import { personnelModule } from './modules/personnel/index.ts';
import { accessGrantsModule } from './modules/access-grants/index.ts';
import { organisationsModule } from './modules/organisations/index.ts';
import { smpModule } from './modules/security-management-plan/index.ts';
import { systemsModule } from './modules/systems/index.ts';
import { trainingModule } from './modules/training/index.ts';
import { variationsModule } from './modules/variations/index.ts';

/**
 * Every module of Custodian, in the order their services are built: a module's `needs` come from
 * the modules above it. Adding a module is its folder plus one line here (docs/architecture.md).
 */
export const MODULES = [
  auditLogModule,
  organisationsModule,
  accountsModule,
  contractsModule,
  apiTokensModule,
  calendarModule,
  notificationsModule,
  deadlinesModule,
  variationsModule,
  smpModule,
  systemsModule,
  personnelModule,
  trainingModule,
  clearancesModule,
  accessGrantsModule,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every table, as Kysely sees it: the modules' own table types put together. */
export type Database = UnionToIntersection<TablesOf<(typeof MODULES)[number]>>;

/** The permission catalogue: platform's permissions and every module's (docs/permissions.md). */
export const PERMISSIONS = createPermissionCatalogue(MODULES);

/** Every module's migrations folder. */
export const MIGRATION_FOLDERS = migrationFolders(MODULES);
