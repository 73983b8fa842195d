import type { FastifyInstance } from 'fastify';
import type { ContractsService } from '../contracts/index.ts';
import type { ApiTokensService } from './api-tokens.service.ts';

/** API tokens: machine credentials for the JSON API, scoped to one contract and one role. */
export { createApiTokensService, type ApiTokensService } from './api-tokens.service.ts';
export { apiTokenOutput, type ApiToken } from './api-tokens.schemas.ts';

export async function apiTokensPlugin(_app: FastifyInstance, _opts: { apiTokens: ApiTokensService; contracts: ContractsService }): Promise<void> {
  // Administrator pages are registered here (api-tokens.web.ts).
}
