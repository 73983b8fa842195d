import { z } from 'zod';
import { civilDate } from '../../platform/validation/index.ts';
import { MAX_SECTION_BYTES, oneLineEnding } from './smp-content.ts';
import type { DisputeOutcome } from './smp.tables.ts';

export const sectionInput = z.object({
  key: z.string({ message: 'Choose a section' }).regex(/^[a-z][a-z0-9-]{0,40}$/, 'Choose a section'),
  heading: z.string().trim().max(200, 'The heading must be 200 characters or fewer').optional(),
  markdown: z
    .string({ message: 'Enter the section' })
    .refine((s) => Buffer.byteLength(s) <= MAX_SECTION_BYTES, 'The section must be 500 KB or smaller')
    .transform(oneLineEnding),
});

const reason = z.object({
  text: z.string().trim().min(1, 'Enter a reason').max(2000, 'Each reason must be 2000 characters or fewer'),
  clause: z
    .string()
    .trim()
    .max(40)
    .regex(/^([A-Z]{0,2}\d+(\.\d+)*(\([a-z0-9]+\))?)?$/, 'Enter the clause like 4.2.1(c)')
    .optional()
    .transform((v) => v || undefined),
});

/** A decision on a submitted version: refusal needs at least one reason (clause 4.3.3). */
const cellText = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim());

/**
 * The plan's delegated roles (clause 4.2.1(b)) and third parties as rows of a form: a row left
 * empty is skipped; what a filled row lacks is reported against that row.
 */
export const listsInput = z.object({
  roles: z.array(z.object({ role: cellText, userId: cellText })).max(50),
  thirdParties: z.array(z.object({ name: cellText, access: cellText, riskProcess: cellText })).max(50),
});

/** Clause 4.4.4 lets the Client require a change faster only "acting reasonably": it says why. */
export const FAST_TRACK_REASON_MISSING =
  'Say why the change is needed faster than the Variation Procedure allows (clause 4.4.4)';

export const decisionInput = z
  .object({
    decision: z.enum(['approved', 'not-approved'], { message: 'Select Approve or Do not approve' }),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'The version’s hash is missing: reload the page'),
    reasons: z.array(reason).max(50).default([]),
    fails42: z.boolean().default(false),
    /** For a change to the plan in force: the Client requires it now, to be formalised afterwards (clause 4.4.4). */
    fastTrack: z.boolean().default(false),
    /** Why it is needed faster than the Variation Procedure allows: the Client acts reasonably (clause 4.4.4). */
    fastTrackReason: z.string().trim().max(2000, 'Why it is needed now must be 2000 characters or fewer').default(''),
  })
  .superRefine((d, ctx) => {
    if (d.fastTrack && d.decision !== 'approved')
      ctx.addIssue({ code: 'custom', path: ['fastTrack'], message: 'Only an approved change can be implemented now' });
    if (d.fastTrack && d.decision === 'approved' && !d.fastTrackReason)
      ctx.addIssue({ code: 'custom', path: ['fastTrackReason'], message: FAST_TRACK_REASON_MISSING });
    if (d.decision === 'not-approved' && d.reasons.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['reasons'],
        message: 'Give at least one reason for not approving the plan',
      });
  });

export const DISPUTE_OUTCOMES = {
  'approve-as-is': 'Approve the version as it is',
  'amend-and-resubmit': 'The Agency amends the plan and resubmits it',
  withdrawn: 'The version is withdrawn',
} as const;

/** The outcome of the Dispute Resolution Procedure after a second refusal (clause 4.3.2), as one party records it. */
export const disputeOutcomeInput = z.object({
  outcome: z.enum(Object.keys(DISPUTE_OUTCOMES) as [DisputeOutcome, ...DisputeOutcome[]], {
    message: 'Select the outcome of the Dispute Resolution Procedure',
  }),
  resolution: z
    .string({ message: 'Enter what the procedure decided' })
    .trim()
    .min(1, 'Enter what the Dispute Resolution Procedure decided')
    .max(10_000, 'What the procedure decided must be 10,000 characters or fewer'),
  /** Only for amend-and-resubmit: the date the Parties agreed, if they agreed one. */
  resubmitBy: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(civilDate('the date the Agency resubmits by').optional()),
});

/** The other party declines a recorded outcome: why, so the recorder can put it right. */
export const disputeDeclineInput = z.object({
  reason: z
    .string({ message: 'Enter why the recorded outcome is wrong' })
    .trim()
    .min(1, 'Enter why the recorded outcome is wrong')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
});

/** Clause 4.4.1 (a)–(e), plus the yearly review the clause requires whatever else happens. */
export const REVIEW_TRIGGERS = {
  annual: 'The scheduled yearly review',
  a: 'Emerging changes in Good Industry Practice (4.4.1(a))',
  b: 'A change or proposed change to the Goods or Services or their processes (4.4.1(b))',
  c: 'A change to the Security Policy (4.4.1(c))',
  d: 'New or changed security threats (4.4.1(d))',
  e: 'A change in requirements requested by the Client (4.4.1(e))',
} as const;
export type ReviewTrigger = keyof typeof REVIEW_TRIGGERS;

const result = (what: string) =>
  z
    .string({ message: `Enter ${what}, or say there are none` })
    .trim()
    .min(1, `Enter ${what}, or say there are none`)
    .max(20_000, `${what[0]!.toUpperCase()}${what.slice(1)} must be 20,000 characters or fewer`);

/** A completed review and its results (clause 4.4.2 (a)–(c)), which are sent to the Client. */
export const reviewInput = z.object({
  triggers: z
    .array(
      z.enum(Object.keys(REVIEW_TRIGGERS) as [ReviewTrigger, ...ReviewTrigger[]], {
        message: 'Select what prompted the review',
      }),
    )
    .min(1, 'Select what prompted the review')
    .max(6),
  triggerNotes: z.string().trim().max(10_000, 'The notes must be 10,000 characters or fewer').default(''),
  improvements: result('the suggested improvements to the plan'),
  riskUpdates: result('the updates to the risk assessments'),
  measurement: result('the suggested improvements in measuring controls'),
  changesNeeded: z.enum(['yes', 'no'], { message: 'Say whether the plan needs to change' }),
});
