import { z } from 'zod';
import { apiLookupErrors, apiRoutes, dataOf, uuidParam } from '../../platform/http/index.ts';
import type { DeadlineStatus } from './deadlines.tables.ts';
import { DEADLINE_STATUSES, deadlineOutput } from './deadlines.schemas.ts';
import type { DeadlinesService } from './deadlines.service.ts';

/** A contract's deadlines for a token scoped to it. */
export const deadlinesApi = apiRoutes<{ deadlines: DeadlinesService }>((api, { deadlines }) => {
  api.get(
    '/api/v1/contracts/:contractId/deadlines',
    {
      config: { permission: 'contract:view' },
      schema: {
        summary: 'List a contract’s deadlines',
        description:
          'Every deadline of the contract, overdue first, then by due time: clause, what is due, who owes it, the due time (end of the day, UK time, as UTC) and how it was counted.',
        tags: ['Deadlines'],
        params: z.object({ contractId: uuidParam('The contract’s id; it must be the token’s contract') }),
        querystring: z.object({
          status: z.enum(DEADLINE_STATUSES).optional().describe('Only deadlines in this state'),
        }),
        response: { 200: dataOf(z.array(deadlineOutput), 'The deadlines'), ...apiLookupErrors },
      },
    },
    async (request) => ({
      data: await deadlines.listForContract(
        request.params.contractId,
        request.query.status ? [request.query.status as DeadlineStatus] : undefined,
      ),
    }),
  );
});
