import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { personnelApi } from './personnel.api.ts';
import { createPersonnelService, type PersonnelService } from './personnel.service.ts';
import type { PersonnelTables } from './personnel.tables.ts';
import { personnelWeb, type PersonnelWebDeps } from './personnel.web.ts';
import { staffImportWeb } from './staff-import.web.ts';
import { checksWeb } from './checks.web.ts';
import { scimTokenCaller, scimUserRoutes } from '../../platform/scim/index.ts';

/**
 * The Agency Staff register (annex 6): the people working on a contract for the Agency or its
 * Subcontractors (not Custodian accounts), imported and updated from an HR export's CSV or fed by the
 * Agency's identity provider over SCIM 2.0 (/api/scim/v2), and their pre-employment checks (6.1).
 * Clearances, training and access grants are added beside it later.
 */
export type { PersonnelService } from './personnel.service.ts';
export type { Person, PersonWithChecks } from './personnel.schemas.ts';
export { PERSON_STATUSES, type PersonStatus } from './person-status.ts';
export type { PersonSection } from './person-sections.ts';
export type { LeavingEvent, LeavingListener } from './person-leaving.ts';
export { MAX_CSV_BYTES } from './staff-csv.ts';
export { CHECK_KINDS, REQUIRED_CHECKS, type CheckKind, type CheckSummary } from './checks.schemas.ts';
// The CSV reading and date parsing of the staff import, for other imports of people's records (training).
export { readCsvDate, DATE_FORMATS_ACCEPTED, type DateFormat } from './csv-dates.ts';
export {
  readCsvRecords,
  csvHeaderKey,
  decodeCsvBytes,
  hasControlCharacter,
  shownCsvValue,
  type CsvRecord,
} from './csv-records.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    personnel: PersonnelService;
  }
}

const permissions = {
  'contract:personnel:view': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative', 'client-viewer', 'oversight-viewer', 'auditor'],
    about:
      "Reading the contract's Agency Staff register: names, employers, roles, dates, statuses, and whether each person's pre-employment checks are complete (not the checks themselves).",
  },
  'contract:personnel:manage': {
    scope: 'contract',
    roles: ['agency-security-manager'],
    about:
      'Keeping the Agency Staff register: adding and changing people, importing them from CSV, recording their pre-employment checks.',
  },
  'contract:personnel:scim': {
    scope: 'contract',
    roles: ['agency-security-manager'],
    about:
      "Feeding the Agency Staff register from the Agency's identity provider over SCIM 2.0 (docs/scim.md): an API token with this role adds, changes and deactivates people, which makes them leaving.",
  },
  'contract:personnel:checks:view': {
    scope: 'contract',
    roles: ['agency-security-manager'],
    about:
      "Reading the records of people's pre-employment checks (annex 6.1), criminal-record outcomes among them: outcome, date, who checked, how, and where the evidence is held.",
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

async function personnelPlugin(app: FastifyInstance, opts: PersonnelWebDeps & { publicUrl: string }): Promise<void> {
  personnelWeb(app, opts);
  checksWeb(app, opts);
  await staffImportWeb(app, opts);
  await app.register(personnelApi, opts);
  // The identity provider's feed: /api/scim/v2, the contract named by the API token (docs/scim.md).
  await scimUserRoutes(app, {
    store: opts.personnel.scim,
    authenticate: scimTokenCaller,
    permission: 'contract:personnel:scim',
    publicUrl: opts.publicUrl,
  });
}

export const personnelModule = defineModule({
  name: 'personnel',
  about:
    'The Agency Staff register (Agency and Subcontractor staff), its CSV import, its SCIM 2.0 feed from the identity provider, and the pre-employment checks of annex 6.1.',
  tables: ownTables<PersonnelTables>({
    personnel_people: true,
    personnel_registers: true,
    personnel_checks: true,
    personnel_imports: true,
    personnel_scim_users: true,
  }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['personnel'],
  needs: ['audit', 'contracts'],
  services: ({ uow, clock, workers }, { audit, contracts }) => ({
    personnel: createPersonnelService({ uow, clock, audit, contracts, workers }),
  }),
  web: { routes: (app, services, { config }) => personnelPlugin(app, { ...services, publicUrl: config.publicUrl }) },
  contractLinks: [
    {
      path: 'personnel',
      title: 'Agency Staff',
      about:
        'the people working on the contract for the Agency and its Subcontractors, and whether their pre-employment checks are complete.',
      permission: 'contract:personnel:view',
      order: 35,
    },
  ],
  apiTags: [{ name: 'Personnel', description: 'The contract’s Agency Staff register and pre-employment checks.' }],
});
