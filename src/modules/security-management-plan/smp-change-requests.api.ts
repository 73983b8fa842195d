import { z } from 'zod';
import { apiLookupErrors, apiRoutes, dataOf, uuidParam } from '../../platform/http/index.ts';
import type { SmpChangeRequestService } from './smp-change-requests.service.ts';

const changeRequest = z.object({
  id: z.uuid(),
  number: z.number().int().describe('1, 2, 3… per plan'),
  what: z.string().describe('What the Client asks to change'),
  why: z.string(),
  status: z
    .enum(['open', 'drafting', 'proposed', 'reviewed', 'withdrawn'])
    .describe(
      'open: waiting for the Agency; drafting: the Agency started a draft in answer; proposed: the draft went to the Client as a Variation; reviewed: a recorded review answered it; withdrawn: by the Client',
    ),
  requestedBy: z.string(),
  requestedAt: z.string(),
  versionId: z.string().nullable().describe('The plan version drafted in answer'),
  variationId: z.string().nullable().describe('The Variation that proposed it'),
  reviewId: z.string().nullable().describe('The recorded review that answered it'),
  answeredBy: z.string().nullable(),
  answeredAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
});

/** The Client's change requests (clauses 4.4.1(e), 4.4.3), for a token scoped to the contract: the same list the plan page shows. */
export const smpChangeRequestsApi = apiRoutes<{ smpChangeRequests: SmpChangeRequestService }>(
  (api, { smpChangeRequests }) => {
    api.get(
      '/api/v1/contracts/:contractId/smp/change-requests',
      {
        config: { permission: 'contract:smp:versions' },
        schema: {
          summary: 'The changes the Client asked for',
          description:
            'Every change to the plan the Client’s Representative requested, newest first, with how the Agency answered it: a draft proposed as a Variation, or a recorded review.',
          tags: ['Security Management Plan'],
          params: z.object({ contractId: uuidParam('The contract’s id; it must be the token’s contract') }),
          response: { 200: dataOf(z.array(changeRequest), 'The change requests'), ...apiLookupErrors },
        },
      },
      async (request) => ({
        data: (await smpChangeRequests.list(request.params.contractId)).map((r) => ({
          id: r.id,
          number: r.number,
          what: r.what,
          why: r.why,
          status: r.status,
          requestedBy: r.requested_by,
          requestedAt: r.requested_at,
          versionId: r.version_id,
          variationId: r.variation_id,
          reviewId: r.review_id,
          answeredBy: r.answered_by,
          answeredAt: r.answered_at,
          withdrawnBy: r.withdrawn_by,
          withdrawnAt: r.withdrawn_at,
          withdrawalReason: r.withdrawal_reason,
        })),
      }),
    );
  },
);
