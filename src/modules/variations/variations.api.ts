import { z } from 'zod';
import { apiLookupErrors, apiRoutes, dataOf, uuidParam } from '../../platform/http/index.ts';
import type { VariationsService } from './variations.service.ts';

const variationOutput = z.object({
  id: z.uuid(),
  number: z.number().int(),
  subjectType: z.string(),
  subjectRef: z.string().describe('What was proposed, e.g. a plan version’s id'),
  subjectHash: z.string().nullable().describe('SHA-256 of exactly what was proposed: an agreement is bound to it'),
  title: z.string(),
  rationale: z.string(),
  changes: z.array(z.string()),
  proposedByParty: z.enum(['agency', 'client']),
  status: z.enum(['proposed', 'agreed', 'rejected', 'formalised']),
  fastTrack: z.boolean().describe('The Client required the change now, to be formalised afterwards (clause 4.4.4)'),
  proposedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  formalReference: z.string().nullable(),
  formalisedAt: z.string().nullable(),
  inEffectAt: z.string().nullable(),
});

/** The contract's Variations for a token scoped to it. */
export const variationsApi = apiRoutes<{ variations: VariationsService }>((api, { variations }) => {
  api.get(
    '/api/v1/contracts/:contractId/variations',
    {
      config: { permission: 'contract:variations:view' },
      schema: {
        summary: 'List a contract’s Variations',
        description:
          'Every proposed change to what the parties agreed, newest first, with its rationale, changes, decision, fast-track and formalisation.',
        tags: ['Variations'],
        params: z.object({ contractId: uuidParam('The contract’s id; it must be the token’s contract') }),
        response: { 200: dataOf(z.array(variationOutput), 'The Variations'), ...apiLookupErrors },
      },
    },
    async (request) => ({
      data: (await variations.list(request.params.contractId)).map((v) => ({
        id: v.id,
        number: v.number,
        subjectType: v.subject_type,
        subjectRef: v.subject_ref,
        subjectHash: v.subject_hash,
        title: v.title,
        rationale: v.rationale,
        changes: v.changes,
        proposedByParty: v.proposed_by_party,
        status: v.status,
        fastTrack: v.fastTrack,
        proposedAt: v.proposed_at,
        decidedAt: v.decided_at,
        decisionNote: v.decision_note,
        formalReference: v.formal_reference,
        formalisedAt: v.formalised_at,
        inEffectAt: v.in_effect_at,
      })),
    }),
  );
});
