import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import { apiTokensApi } from './api-tokens.api.ts';
import { createApiTokensService, type ApiTokensService } from './api-tokens.service.ts';
import type { ApiTokensTables } from './api-tokens.tables.ts';
import { apiTokensWeb } from './api-tokens.web.ts';

/** API tokens: machine credentials for the JSON API, scoped to one contract and one role. */
export type { ApiTokensService } from './api-tokens.service.ts';
export { apiTokenOutput, type ApiToken } from './api-tokens.schemas.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    apiTokens: ApiTokensService;
  }
}

const permissions = {
  'api-tokens:manage': {
    scope: 'admin',
    about: 'Creating and revoking API tokens, each scoped to one contract and one role.',
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

async function apiTokensPlugin(
  app: FastifyInstance,
  opts: { apiTokens: ApiTokensService; contracts: ContractsService },
): Promise<void> {
  apiTokensWeb(app, opts);
  await app.register(apiTokensApi, opts);
}

export const apiTokensModule = defineModule({
  name: 'api-tokens',
  about: 'Machine credentials for the JSON API, each scoped to one contract and one role, stored as hashes.',
  tables: ownTables<ApiTokensTables>({ api_tokens: true }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['apiTokens'],
  needs: ['audit', 'contracts'],
  services: ({ uow, clock }, { audit, contracts }) => ({
    apiTokens: createApiTokensService({ uow, clock, audit, contracts }),
  }),
  web: { routes: (app, services) => apiTokensPlugin(app, services) },
  apiTags: [{ name: 'Token', description: 'The token making the call.' }],
});
