import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { systemsApi } from './systems.api.ts';
import { createSystemsService, type SystemsService } from './systems.service.ts';
import type { SystemsTables } from './systems.tables.ts';
import { systemsWeb, type SystemsWebDeps } from './systems.web.ts';

/**
 * The systems register: a contract's ICT systems that store, process or manage Government Data, or
 * administer them, with their owner, hosting, privileged access and the clearance their roles need.
 * Later modules (personnel's access grants, Government Data, monitoring, devices) refer to them.
 */
export type { SystemsService } from './systems.service.ts';
export { CLEARANCES, CLEARANCE_LABELS, type Clearance, type System } from './systems.schemas.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    systems: SystemsService;
  }
}

const permissions = {
  'contract:systems:view': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative', 'client-viewer', 'oversight-viewer', 'auditor'],
    systemAdmin: true,
    about: "Reading the contract's systems register.",
  },
  'contract:systems:manage': {
    scope: 'contract',
    roles: ['agency-security-manager'],
    about: 'Keeping the systems register: adding, changing and retiring systems.',
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

async function systemsPlugin(app: FastifyInstance, opts: SystemsWebDeps): Promise<void> {
  systemsWeb(app, opts);
  await app.register(systemsApi, opts);
}

export const systemsModule = defineModule({
  name: 'systems',
  about:
    'The register of the ICT systems that hold or administer Government Data: owner, hosting, privileged access, the clearance their roles need.',
  tables: ownTables<SystemsTables>({ systems: true }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['systems'],
  needs: ['audit', 'contracts'],
  services: ({ uow, clock }, { audit, contracts }) => ({
    systems: createSystemsService({ uow, clock, audit, contracts }),
  }),
  web: { routes: (app, services) => systemsPlugin(app, services) },
  contractLinks: [
    {
      path: 'systems',
      title: 'Systems',
      about: 'the ICT systems that hold or administer Government Data, and the clearance their roles need.',
      permission: 'contract:systems:view',
      order: 30,
    },
  ],
  apiTags: [{ name: 'Systems', description: 'The contract’s systems register.' }],
});
