import { fileURLToPath } from 'node:url';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { createOrganisationsService, type OrganisationsService } from './organisations.service.ts';
import type { OrganisationsTables } from './organisations.tables.ts';
import { organisationsWeb } from './organisations.web.ts';

/** Organisations: the Agencies, Clients and oversight bodies that are parties to contracts. */
export { type OrganisationsService } from './organisations.service.ts';
export { organisationOutput, KIND_LABELS, type Organisation } from './organisations.schemas.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    organisations: OrganisationsService;
  }
}

const permissions = {
  'organisations:manage': { scope: 'admin', about: 'Adding and renaming the organisations that are parties.' },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

export const organisationsModule = defineModule({
  name: 'organisations',
  about: 'The Agencies, Clients and oversight bodies that are parties to contracts.',
  tables: ownTables<OrganisationsTables>({ organisations: true }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['organisations'],
  needs: ['audit'],
  services: ({ uow, clock }, { audit }) => ({ organisations: createOrganisationsService({ uow, clock, audit }) }),
  web: { routes: async (app, { organisations }) => organisationsWeb(app, organisations) },
});
