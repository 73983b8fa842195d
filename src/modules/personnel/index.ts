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

/**
 * The Agency Staff register (annex 6): the people working on a contract for the Agency or its
 * Subcontractors (not Custodian accounts), imported and updated from an HR export's CSV, and their
 * pre-employment checks (6.1). Clearances, training and access grants are added beside it later.
 */
export type { PersonnelService, PersonPageSection } from './personnel.service.ts';
export type { Person, PersonWithChecks } from './personnel.schemas.ts';
export { PERSON_STATUSES, type PersonStatus } from './person-status.ts';
export type { LeavingEvent, LeavingListener } from './person-leaving.ts';
// The CSV date reading and size limit, for other imports of HR and IAM exports to read dates alike.
export { readCsvDate, DATE_FORMATS_ACCEPTED, type DateFormat } from './csv-dates.ts';
export { MAX_CSV_BYTES } from './staff-csv.ts';
export { CHECK_KINDS, REQUIRED_CHECKS, type CheckKind, type CheckSummary } from './checks.schemas.ts';

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

async function personnelPlugin(app: FastifyInstance, opts: PersonnelWebDeps): Promise<void> {
  personnelWeb(app, opts);
  checksWeb(app, opts);
  await staffImportWeb(app, opts);
  await app.register(personnelApi, opts);
}

export const personnelModule = defineModule({
  name: 'personnel',
  about:
    'The Agency Staff register (Agency and Subcontractor staff), its CSV import, and the pre-employment checks of annex 6.1.',
  tables: ownTables<PersonnelTables>({
    personnel_people: true,
    personnel_registers: true,
    personnel_checks: true,
    personnel_imports: true,
  }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['personnel'],
  needs: ['audit', 'contracts'],
  services: ({ uow, clock, workers }, { audit, contracts }) => ({
    personnel: createPersonnelService({ uow, clock, audit, contracts, workers }),
  }),
  web: { routes: (app, services) => personnelPlugin(app, services) },
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
