import { z } from 'zod';
import { MAX_SECTION_BYTES } from './smp-content.ts';

export const sectionInput = z.object({
  key: z.string({ message: 'Choose a section' }).regex(/^[a-z][a-z0-9-]{0,40}$/, 'Choose a section'),
  heading: z.string().trim().max(200, 'The heading must be 200 characters or fewer').optional(),
  markdown: z.string({ message: 'Enter the section' }).refine((s) => Buffer.byteLength(s) <= MAX_SECTION_BYTES, 'The section must be 500 KB or smaller'),
});

const reason = z.object({
  text: z.string().trim().min(1, 'Enter a reason').max(2000, 'Each reason must be 2000 characters or fewer'),
  clause: z.string().trim().max(40).regex(/^([A-Z]{0,2}\d+(\.\d+)*(\([a-z0-9]+\))?)?$/, 'Enter the clause like 4.2.1(c)').optional().transform((v) => v || undefined),
});

/** A decision on a submitted version: refusal needs at least one reason (clause 4.3.3). */
export const decisionInput = z
  .object({
    decision: z.enum(['approved', 'not-approved'], { message: 'Select Approve or Do not approve' }),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'The version’s hash is missing: reload the page'),
    reasons: z.array(reason).max(50).default([]),
    fails42: z.boolean().default(false),
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'not-approved' && d.reasons.length === 0) ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'Give at least one reason for not approving the plan' });
  });
