import type { FastifyInstance } from 'fastify';
import type { ContractsService } from '../contracts/index.ts';
import { apiTokensApi } from './api-tokens.api.ts';
import type { ApiTokensService } from './api-tokens.service.ts';
import { apiTokensWeb } from './api-tokens.web.ts';

/** API tokens: machine credentials for the JSON API, scoped to one contract and one role. */
export { createApiTokensService, type ApiTokensService } from './api-tokens.service.ts';
export { apiTokenOutput, type ApiToken } from './api-tokens.schemas.ts';

export async function apiTokensPlugin(
  app: FastifyInstance,
  opts: { apiTokens: ApiTokensService; contracts: ContractsService },
): Promise<void> {
  apiTokensWeb(app, opts);
  await app.register(apiTokensApi, opts);
}
