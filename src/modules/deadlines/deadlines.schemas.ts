import { z } from 'zod';
import { DIVISIONS } from '../../platform/calendar/index.ts';
import { civilDate, optionalText, requiredText } from '../../platform/validation/index.ts';
import type { DeadlineStatus } from './deadlines.tables.ts';

export const DEADLINE_STATUSES = [
  'open',
  'met',
  'missed',
  'waived',
  'superseded',
  'stopped',
] as const satisfies readonly DeadlineStatus[];
export const STATUS_LABELS: Record<DeadlineStatus, string> = {
  open: 'Open',
  met: 'Met',
  missed: 'Missed',
  waived: 'Waived',
  superseded: 'Superseded',
  stopped: 'Stopped',
};
export const PARTY_LABELS = { agency: 'Agency', client: 'Client', both: 'Both parties (a joint target)' } as const;
export type Party = keyof typeof PARTY_LABELS;

/** Who owes a deadline, in the words of a sentence: "owed by the Agency", "a joint target of both parties". */
export const ownerWords = (party: Party) =>
  party === 'both' ? 'a joint target of both parties' : `owed by the ${PARTY_LABELS[party]}`;

const optionalId = (message: string) =>
  z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.string().uuid(message).nullable());

/** Which plan version or Variation a clock belongs to: what the lists show beside it, with a link. */
export const belongsToSchema = z.object({
  type: z.enum(['smp-version', 'variation']),
  id: z.string().uuid(),
  label: z.string().min(1).max(200),
  link: z
    .string()
    .max(300)
    .regex(/^\/contracts\/[0-9a-f-]{36}\/[a-z0-9/-]+$/, 'The link must be a page of the contract'),
});
export type DeadlineBelongsTo = z.output<typeof belongsToSchema>;

/**
 * A deadline as another module (or a person, for a clause Custodian does not yet track) creates it.
 * The clock is "within `ruleCount` Working Days after the trigger" or "`ruleCount` Months after it",
 * or (`date`, for a date the Parties agreed) due on the trigger date itself, `ruleCount` unused.
 */
export const createDeadlineInput = z
  .object({
    kind: z
      .string({ message: 'Enter the kind of deadline' })
      .regex(/^[a-z][a-z0-9.-]{1,79}$/, 'The kind must be lower-case letters, digits, dots and hyphens'),
    clause: requiredText('the clause', 40).pipe(
      z.string().regex(/^[A-Z]{0,2}\d+(\.\d+)*(\([a-z0-9]+\))?$/, 'Enter the clause like A4.3.1 or B6.2'),
    ),
    title: requiredText('what is due', 300),
    ownerParty: z.enum(['agency', 'client', 'both'], { message: 'Select who owes it' }),
    ownerUserId: optionalId('Select a person'),
    escalationUserId: optionalId('Select a person'),
    subjectType: z.string().max(50).optional(),
    subjectId: z.string().max(64).optional(),
    belongsTo: belongsToSchema.optional(),
    triggerLabel: requiredText('what starts the clock', 200),
    triggerDate: civilDate('the date the clock starts'),
    ruleKind: z.enum(['working-days', 'months', 'date'], { message: 'Select Working Days or Months' }),
    ruleCount: z.coerce
      .number({ message: 'Enter how many' })
      .int('Enter a whole number')
      .min(0, 'Enter a number from 1 to 366')
      .max(366, 'Enter a number from 1 to 366')
      .default(0),
    division: z.enum(DIVISIONS).optional(),
  })
  // Checked even when other fields are wrong, so a form shows every problem at once; only a count or
  // kind that is itself invalid (already reported) skips it.
  .refine((d) => d.ruleKind === 'date' || d.ruleCount >= 1, {
    path: ['ruleCount'],
    message: 'Enter a number from 1 to 366',
    when: (p) => !p.issues.some((i) => i.path?.[0] === 'ruleCount' || i.path?.[0] === 'ruleKind'),
  });
export type CreateDeadlineInput = z.input<typeof createDeadlineInput>;

export const waiveInput = z.object({ reason: requiredText('why it is waived', 2000) });
export const meetInput = z.object({ note: optionalText('a note', 2000) });

export const deadlineOutput = z.object({
  id: z.string(),
  contractId: z.string(),
  kind: z.string(),
  clause: z.string(),
  title: z.string(),
  ownerParty: z
    .enum(['agency', 'client', 'both'])
    .describe('The party that owes it, or `both` for a target the Parties share (clause 4.3.2)'),
  ownerUserId: z.string().nullable(),
  escalationUserId: z.string().nullable(),
  subject: z.object({ type: z.string(), id: z.string() }).nullable(),
  belongsTo: belongsToSchema
    .nullable()
    .describe('The plan version or Variation this clock belongs to, with the page that shows it; null when none'),
  trigger: z.object({ label: z.string(), date: z.string() }),
  rule: z
    .object({ kind: z.enum(['working-days', 'months', 'date']), count: z.number() })
    .describe('`date`: due on the trigger date itself, a date the Parties agreed (count 0)'),
  division: z.string(),
  dueDate: z.string(),
  dueAt: z.string(),
  explanation: z.string(),
  provisional: z.boolean(),
  calendarVersion: z.number(),
  status: z.enum(DEADLINE_STATUSES),
  overdue: z.boolean(),
  metAt: z.string().nullable(),
  metBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedReason: z.string().nullable(),
  supersededBy: z.string().nullable().describe('The deadline that replaced this one, when it was superseded'),
  createdAt: z.string(),
  updatedAt: z.string().describe('When it last changed (UTC)'),
  revision: z.number().int().describe('How many times it has changed since it was created'),
});
export type Deadline = z.output<typeof deadlineOutput>;
