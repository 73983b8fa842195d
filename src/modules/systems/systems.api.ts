import { z } from 'zod';
import { apiLookupErrors, apiRoutes, dataOf, uuidParam } from '../../platform/http/index.ts';
import { CLEARANCES } from './systems.schemas.ts';
import type { SystemsService } from './systems.service.ts';

const systemOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  owner: z.string(),
  hosting: z.string().describe('Where and by whom the system is hosted, in words'),
  holdsGovernmentData: z
    .boolean()
    .describe('True: it stores, processes or manages Government Data; false: it administers systems that do'),
  privileged: z.boolean().describe('Whether access to the system is privileged'),
  clearance: z.enum(CLEARANCES).describe('The clearance its roles need (annex 6.2), or none'),
  notes: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  retiredAt: z.string().nullable().describe('When it was taken out of service; null while in service'),
});

/** The contract's systems register for a token scoped to it. */
export const systemsApi = apiRoutes<{ systems: SystemsService }>((api, { systems }) => {
  api.get(
    '/api/v1/contracts/:contractId/systems',
    {
      config: { permission: 'contract:systems:view' },
      schema: {
        summary: 'List a contract’s systems',
        description:
          'The ICT systems that store, process or manage the contract’s Government Data, or administer them: owner, hosting, whether access is privileged and the clearance their roles need. Those in service first, then retired ones.',
        tags: ['Systems'],
        params: z.object({ contractId: uuidParam('The contract’s id; it must be the token’s contract') }),
        response: { 200: dataOf(z.array(systemOutput), 'The systems'), ...apiLookupErrors },
      },
    },
    async (request) => ({
      data: (await systems.list(request.params.contractId)).map(({ contractId: _, ...s }) => s),
    }),
  );
});
