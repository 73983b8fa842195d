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
  status: z
    .enum(['proposed', 'agreed', 'rejected', 'withdrawn', 'formalising', 'formalised'])
    .describe('formalising: one party proposed the formal record and the other has yet to confirm it'),
  proposedBy: z.string().describe('Who proposed it (a user id)'),
  fastTrack: z.boolean().describe('The Client required the change now, to be formalised afterwards (clause 4.4.4)'),
  fastTrackReason: z
    .string()
    .nullable()
    .describe(
      'Why the Client needed it faster than the Variation Procedure allows ("acting reasonably", clause 4.4.4)',
    ),
  proposedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  formalReference: z.string().nullable().describe('The signed Variation’s reference, as proposed or confirmed'),
  formalDate: z.string().nullable().describe('The signed Variation’s date (YYYY-MM-DD)'),
  formalProposedBy: z.string().nullable().describe('Who proposed the formal record'),
  formalProposedByParty: z.enum(['agency', 'client']).nullable(),
  formalProposedAt: z.string().nullable(),
  formalDeclinedBy: z.string().nullable().describe('Who last declined a proposed formal record'),
  formalDeclinedAt: z.string().nullable(),
  formalDeclineReason: z.string().nullable(),
  formalisedBy: z.string().nullable().describe('Who confirmed the formal record (the other party)'),
  formalisedAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
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
        proposedBy: v.proposed_by,
        fastTrack: v.fastTrack,
        fastTrackReason: v.fast_track_reason,
        proposedAt: v.proposed_at,
        decidedBy: v.decided_by,
        decidedAt: v.decided_at,
        decisionNote: v.decision_note,
        formalReference: v.formal_reference,
        formalDate: v.formal_date,
        formalProposedBy: v.formal_proposed_by,
        formalProposedByParty: v.formal_proposed_party,
        formalProposedAt: v.formal_proposed_at,
        formalDeclinedBy: v.formal_declined_by,
        formalDeclinedAt: v.formal_declined_at,
        formalDeclineReason: v.formal_decline_reason,
        formalisedBy: v.formalised_by,
        formalisedAt: v.formalised_at,
        withdrawnBy: v.withdrawn_by,
        withdrawnAt: v.withdrawn_at,
        withdrawalReason: v.withdrawal_reason,
        inEffectAt: v.in_effect_at,
      })),
    }),
  );
});
