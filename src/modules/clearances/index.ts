import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { clearanceRolesWeb } from './clearance-roles.web.ts';
import { clearancesApi } from './clearances.api.ts';
import { createClearancesService, type ClearancesService } from './clearances.service.ts';
import type { ClearancesTables } from './clearances.tables.ts';
import { clearancesWeb, type ClearancesWebDeps } from './clearances.web.ts';
import { personSection } from './person-section.ts';

/**
 * Clearances (annex 6.2): what Agency Staff hold (BPSS to eDV, NPPV 1–3) with review or expiry clocks,
 * the contract's periods per level, and the catalogue of roles that need clearance, each agreed by the
 * Client. The access-grants module asks it what a person needs on a system and whether they hold it.
 */
export type { ClearancesService } from './clearances.service.ts';
export { LEVELS, LEVEL_LABELS, LADDERS, satisfies, type Level } from './clearance-levels.ts';
export type { Clearance, ClearanceStatus } from './clearances.schemas.ts';
export type { ClearanceRequirement, RequirementReason } from './clearance-requirements.ts';
export type { ClearanceRole } from './role-record.ts';
export { EXPIRY_KIND } from './clearance-clocks.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    clearances: ClearancesService;
  }
}

const permissions = {
  'contract:clearances:view': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative', 'client-viewer', 'oversight-viewer', 'auditor'],
    about:
      'Reading the clearances Agency Staff hold (level, sponsor, dates, status), the review or expiry periods, and the catalogue of roles that need clearance with its decisions.',
  },
  'contract:clearances:manage': {
    scope: 'contract',
    roles: ['agency-security-manager'],
    about:
      'Recording, renewing, withdrawing or lapsing clearances, setting the contract’s review or expiry periods, proposing and changing roles that need clearance, and assigning people to them.',
  },
  'contract:clearances:decide': {
    scope: 'contract',
    roles: ['client-representative'],
    about:
      'Agreeing or refusing (with a reason) each role the Agency proposes for the catalogue of roles that need clearance.',
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

async function clearancesPlugin(app: FastifyInstance, opts: ClearancesWebDeps): Promise<void> {
  clearancesWeb(app, opts);
  clearanceRolesWeb(app, opts);
  await app.register(clearancesApi, opts);
}

export const clearancesModule = defineModule({
  name: 'clearances',
  about:
    'Clearances held by Agency Staff with review or expiry clocks, and the catalogue of roles that need clearance, agreed by the Client (annex 6.2).',
  tables: ownTables<ClearancesTables>({
    clearances: true,
    clearance_periods: true,
    clearance_roles: true,
    clearance_role_people: true,
  }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['clearances'],
  needs: ['audit', 'contracts', 'personnel', 'systems', 'deadlines', 'notifications'],
  services: ({ uow, clock }, { audit, contracts, personnel, systems, deadlines, notifications }) => {
    const clearances = createClearancesService({
      uow,
      clock,
      audit,
      contracts,
      personnel,
      systems,
      deadlines,
      notifications,
    });
    // The person page shows their clearances and roles: registered here, so personnel names no module.
    personnel.personPage.register(personSection(clearances, personnel));
    return { clearances };
  },
  web: { routes: (app, services) => clearancesPlugin(app, services) },
  contractLinks: [
    {
      path: 'clearances',
      title: 'Clearances',
      about: 'the roles that need clearance, as agreed with the Client, and the review or expiry period of each level.',
      permission: 'contract:clearances:view',
      order: 36,
    },
  ],
  apiTags: [
    {
      name: 'Clearances',
      description: 'Clearances held by Agency Staff and the catalogue of roles that need clearance.',
    },
  ],
});
