import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { accessGrantsApi } from './access-grants.api.ts';
import { createAccessGrantsService, type AccessGrantsService } from './access-grants.service.ts';
import type { AccessGrantsTables } from './access-grants.tables.ts';
import { accessGrantsWeb, type AccessWebDeps } from './access-grants.web.ts';
import { accessReviewWeb } from './access-review.web.ts';
import { grantImportWeb } from './grant-import.web.ts';
import { revocationsWeb } from './revocations.web.ts';

/**
 * Access grants (annex 6.5, 5.1, 7.1): which Agency Staff may reach which system at what level and
 * why; the pre-employment checks gate (6.1) with exceptions the Client agrees in writing; revocation
 * within one (1) Working Day of a person leaving or of elevated access no longer being needed; access
 * reviews. Every path that makes a leaver (form, API, CSV, SCIM) starts the clocks through personnel.
 */
export type { AccessGrantsService } from './access-grants.service.ts';
export type { Grant, AccessException, ExceptionKind } from './access-grants.schemas.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    accessGrants: AccessGrantsService;
  }
}

const permissions = {
  'contract:access:view': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative', 'client-viewer', 'oversight-viewer', 'auditor'],
    about:
      "Reading the contract's access grants (who may reach which system, at what level, why), their revocations and clocks, access reviews and exceptions.",
  },
  'contract:access:manage': {
    scope: 'contract',
    roles: ['agency-security-manager'],
    about:
      'Recording access grants (by form or CSV import), marking elevated access no longer needed, recording revocations, running access reviews.',
  },
  'contract:access:exceptions:agree': {
    scope: 'contract',
    roles: ['client-representative'],
    about:
      "Recording the Client's written agreement of an exception to the personnel rules (access before checks are complete, or without the clearance a role needs): until when and why.",
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

async function accessPlugin(app: FastifyInstance, opts: AccessWebDeps): Promise<void> {
  accessGrantsWeb(app, opts);
  revocationsWeb(app, opts);
  accessReviewWeb(app, opts);
  await grantImportWeb(app, opts);
  await app.register(accessGrantsApi, opts);
}

export const accessGrantsModule = defineModule({
  name: 'access-grants',
  about:
    'Access grants of Agency Staff to systems, the pre-employment checks gate and its exceptions, revocation within one Working Day, and access reviews (annex 6.5, 5.1, 7.1).',
  tables: ownTables<AccessGrantsTables>({
    access_grants: true,
    access_revocations: true,
    access_exceptions: true,
    access_reviews: true,
    access_review_decisions: true,
    access_grant_imports: true,
  }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['accessGrants'],
  needs: ['audit', 'contracts', 'personnel', 'systems', 'deadlines', 'notifications'],
  services: ({ uow, clock, workers }, { audit, contracts, personnel, systems, deadlines, notifications }) => ({
    accessGrants: createAccessGrantsService({
      uow,
      clock,
      audit,
      contracts,
      personnel,
      systems,
      deadlines,
      notifications,
      workers,
    }),
  }),
  web: { routes: (app, services) => accessPlugin(app, services) },
  contractLinks: [
    {
      path: 'access',
      title: 'Access',
      about:
        'who may reach which system at what level and why, revocations within one Working Day, access reviews and exceptions.',
      permission: 'contract:access:view',
      order: 36,
    },
  ],
  apiTags: [{ name: 'Access', description: 'The contract’s access grants, revocations and exceptions.' }],
});
