import { apiErrors, apiRoutes, dataOf } from '../../platform/http/index.ts';
import { ForbiddenError } from '../../platform/kernel/index.ts';
import type { ApiTokensService } from './api-tokens.service.ts';
import { apiTokenOutput } from './api-tokens.schemas.ts';

/** Lets a client check which contract and role its token has, and when it expires, before it fails. */
export const apiTokensApi = apiRoutes<{ apiTokens: ApiTokensService }>((api, { apiTokens }) => {
  api.get(
    '/api/v1/token',
    {
      config: { permission: 'contract:view' },
      schema: {
        summary: 'Describe the calling token',
        description:
          'The token making the request: its name, contract, role, expiry and when it was last used. Never the secret.',
        tags: ['Token'],
        response: { 200: dataOf(apiTokenOutput, 'The calling token'), ...apiErrors },
      },
    },
    async (request) => {
      const p = request.principal;
      if (p.kind !== 'token') throw new ForbiddenError();
      return { data: await apiTokens.get(p.tokenId) };
    },
  );
});
