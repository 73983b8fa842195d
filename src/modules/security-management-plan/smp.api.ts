import { z } from 'zod';
import { apiErrorOutput, apiLookupErrors, apiRoutes, dataOf, uuidParam } from '../../platform/http/index.ts';
import { actorOf } from '../../platform/auth/index.ts';
import type { SmpService, SmpVersion } from './smp.service.ts';

const summary = z.object({
  id: z.uuid(),
  number: z.number().int(),
  status: z.enum(['draft', 'submitted', 'approved', 'not-approved', 'withdrawn']),
  contentHash: z
    .string()
    .nullable()
    .describe(
      'SHA-256 of the RFC 8785 canonical JSON of the content, fixed at submission: what a decision is bound to',
    ),
  submittedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const content = z.object({
  sections: z.array(z.object({ key: z.string(), heading: z.string(), markdown: z.string() })),
  roles: z.array(z.object({ role: z.string(), userId: z.string() })),
  thirdParties: z.array(z.object({ name: z.string(), access: z.string(), riskProcess: z.string() })),
  documents: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        version: z.string(),
        owner: z.string(),
        location: z.string(),
        bothPartiesHold: z.boolean().describe('The Agency’s answer when it registered the document'),
        clientHolds: z
          .enum(['confirmed', 'disputed'])
          .nullable()
          .describe('The Client’s Representative’s answer at submission; null if it had not answered'),
      }),
    )
    .optional()
    .describe(
      'The register entries the version cites (clause 4.2.1(g)), pinned at submission and covered by its hash; absent for drafts and for versions submitted before entries were pinned',
    ),
});
const finding = z.object({ clause: z.string(), sectionKey: z.string().optional(), message: z.string() });
const metrics = z.object({
  wordCount: z.number(),
  sentenceCount: z.number(),
  fleschReadingEase: z.number().nullable(),
  fleschKincaidGrade: z.number().nullable(),
  averageSentenceLength: z.number().nullable(),
  longestSentence: z.object({ words: z.number(), text: z.string(), sectionKey: z.string() }).nullable(),
  longSentenceCount: z.number(),
  hardToReadCount: z.number(),
  passiveCount: z.number(),
  complexWordCount: z.number(),
  undefinedAcronymCount: z.number(),
});
const health = z.object({
  completeness: z
    .array(finding)
    .describe(
      'Findings against clause 4.2.1 (a)–(g), shown to both parties: the Agency may submit with them open by confirming their number (confirmOpenFindings)',
    ),
  plainEnglish: z
    .object({
      overall: metrics,
      sections: z
        .array(
          z.object({
            key: z.string(),
            heading: z.string(),
            glossary: z.boolean(),
            checked: z.boolean(),
            metrics,
            findings: z
              .array(
                z.object({
                  rule: z.string(),
                  sectionKey: z.string(),
                  sentence: z.string(),
                  message: z.string(),
                  suggestion: z.string().optional(),
                  line: z.number().optional(),
                  column: z.number().optional(),
                }),
              )
              .readonly(),
          }),
        )
        .readonly(),
      thresholds: z.object({ maxSentenceWords: z.number(), readingAge: z.number() }),
    })
    .nullable()
    .describe(
      'Advice on clause 4.2.1(g): shown to both parties, never blocking. Null when the check could not run this time (see plainEnglishUnavailable)',
    ),
  plainEnglishUnavailable: z
    .object({
      code: z.enum(['busy', 'too-long']),
      message: z.string(),
    })
    .optional()
    .describe(
      'Why plainEnglish is null: busy (every plan-check thread is in use: ask again in a minute) or too-long (the check was stopped after the time limit; it is not retried for ten minutes)',
    ),
});
const dispute = z.object({
  versionId: z
    .string()
    .describe(
      'The version refused a second time in its cycle, which sent the plan to the Dispute Resolution Procedure (clause 4.3.2)',
    ),
  openedAt: z.string(),
  status: z.enum(['open', 'resolved']),
  outcome: z
    .enum(['approve-as-is', 'amend-and-resubmit', 'withdrawn'])
    .nullable()
    .describe('The outcome one party recorded; null until one is recorded (or after the other party declined it)'),
  resolution: z.string().nullable().describe('What the Dispute Resolution Procedure decided, as recorded'),
  resubmitBy: z
    .string()
    .nullable()
    .describe('For amend-and-resubmit: the date the Parties agreed the Agency resubmits by; null for 10 Working Days'),
  recordedBy: z.string().nullable(),
  recordedParty: z.enum(['agency', 'client']).nullable(),
  recordedAt: z.string().nullable(),
  resolvedAt: z.string().nullable().describe('When the other party confirmed the recorded outcome'),
  resolvedBy: z
    .string()
    .nullable()
    .describe('Who confirmed it; null for outcomes recorded before confirmation by the other party was required'),
  declinedBy: z.string().nullable().describe('Who last declined a recorded outcome'),
  declinedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
});
const decision = z.object({
  decision: z.enum(['approved', 'not-approved']),
  contentHash: z.string(),
  reasons: z.array(z.object({ text: z.string(), clause: z.string().optional() })),
  fails42: z.boolean(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});

const toSummary = (v: SmpVersion) => ({
  id: v.id,
  number: v.number,
  status: v.status,
  contentHash: v.content_hash,
  submittedAt: v.submitted_at,
  createdAt: v.created_at,
  updatedAt: v.updated_at,
});
const params = z.object({ contractId: uuidParam('The contract’s id; it must be the token’s contract') });

/** The plan for a token scoped to its contract: the plan in force for every role, every version and its plan health for those who read versions. */
export const smpApi = apiRoutes<{ smp: SmpService }>((api, { smp }) => {
  api.get(
    '/api/v1/contracts/:contractId/smp',
    {
      config: { permission: 'contract:view' },
      schema: {
        summary: 'The contract’s Security Management Plan',
        description:
          'The plan in force with its content and hash, whether it is in dispute, and — for roles that read every version — the list of versions and every dispute, newest first.',
        tags: ['Security Management Plan'],
        params,
        response: {
          200: dataOf(
            z.object({
              inForce: summary.extend({ content }).nullable(),
              inDispute: z.boolean(),
              versions: z.array(summary),
              disputes: z.array(dispute),
            }),
            'The plan',
          ),
          ...apiLookupErrors,
        },
      },
    },
    async (request) => {
      const o = await smp.overview(request.params.contractId);
      const seesAll = request.access.can('contract:smp:versions');
      const disputes = seesAll
        ? o.disputes.map((d) => ({
            versionId: d.version_id,
            openedAt: d.opened_at,
            status: d.status,
            outcome: d.outcome,
            resolution: d.resolution,
            resubmitBy: d.resubmit_by,
            recordedBy: d.recorded_by,
            recordedParty: d.recorded_party,
            recordedAt: d.recorded_at,
            resolvedAt: d.resolved_at,
            resolvedBy: d.resolved_by,
            declinedBy: d.declined_by,
            declinedAt: d.declined_at,
            declineReason: d.decline_reason,
          }))
        : [];
      return {
        data: {
          inForce: o.inForce ? { ...toSummary(o.inForce), content: o.inForce.content } : null,
          inDispute: Boolean(o.dispute),
          versions: seesAll ? o.versions.map(toSummary) : [],
          disputes,
        },
      };
    },
  );

  api.get(
    '/api/v1/contracts/:contractId/smp/versions/:versionId',
    {
      config: { permission: 'contract:smp:versions' },
      schema: {
        summary: 'One version of the plan, with its plan health',
        description:
          'The content, the decision bound to its hash (if any), completeness errors and plain-English advice — the same checks as the plan-health panel and `custodian smp check`.',
        tags: ['Security Management Plan'],
        params: params.extend({ versionId: uuidParam('The version’s id') }),
        response: {
          200: dataOf(
            summary.extend({
              content,
              decision: decision.nullable(),
              health,
              submittedFindings: z
                .array(finding)
                .describe(
                  'The completeness findings the Agency confirmed when it submitted the version; empty if none',
                ),
            }),
            'The version',
          ),
          ...apiLookupErrors,
        },
      },
    },
    async (request) => {
      const { version: v, decision: d } = await smp.forExport(request.params.contractId, request.params.versionId);
      const decided = d
        ? {
            decision: d.decision,
            contentHash: d.content_hash,
            reasons: d.reasons,
            fails42: d.fails42,
            decidedBy: d.decided_by,
            decidedAt: d.decided_at,
          }
        : null;
      return {
        data: {
          ...toSummary(v),
          content: v.content,
          decision: decided,
          health: await smp.health(request.params.contractId, v),
          submittedFindings: v.submittedFindings,
        },
      };
    },
  );

  api.post(
    '/api/v1/contracts/:contractId/smp/versions/:versionId/submit',
    {
      config: { permission: 'contract:smp:edit' },
      schema: {
        summary: 'Submit a draft for Approval',
        description:
          'Submits the draft to the Client (clause 4.3.1), or proposes it as a Variation once a plan is in force (give its title and rationale). Open completeness findings do not stop delivery, but must be confirmed: without `confirmOpenFindings` a draft with findings is refused with 409 `smp_incomplete` (the findings in `details.errors`); with a number other than the findings open now, 409 `smp_findings_changed`. The findings confirmed are kept with the version for the Client.',
        tags: ['Security Management Plan'],
        params: params.extend({ versionId: uuidParam('The draft’s id') }),
        body: z
          .object({
            confirmOpenFindings: z
              .number()
              .int()
              .min(0)
              .optional()
              .describe('How many open completeness findings you confirm submitting with (from health.completeness)'),
            title: z.string().max(200).optional().describe('The Variation’s title, once a plan is in force'),
            rationale: z
              .string()
              .max(5000)
              .optional()
              .describe('Why the plan needs to change, once a plan is in force'),
          })
          .default({}),
        response: {
          201: dataOf(
            summary.extend({ submittedFindings: z.array(finding) }),
            'The version as submitted, with its hash and the findings confirmed',
          ),
          ...apiLookupErrors,
          409: apiErrorOutput.describe(
            'smp_incomplete (findings open and not confirmed), smp_findings_changed (a different number confirmed), smp_not_draft, smp_awaiting_decision or smp_in_dispute',
          ),
        },
      },
    },
    async (request, reply) => {
      const v = await smp.submit(actorOf(request), request.params.contractId, request.params.versionId, request.body);
      // 201 like the API's other POSTs: a submission is a new record (the version as submitted, its hash).
      return reply.code(201).send({ data: { ...toSummary(v), submittedFindings: v.submittedFindings } });
    },
  );
});
