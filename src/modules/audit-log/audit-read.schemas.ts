import { z } from 'zod';

export const OUTCOMES = ['success', 'failure', 'denied'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const realDate = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

// A GET form sends every field, empty or not: an empty field means "no filter", never an error.
const optional = (schema: z.ZodType<string, string>, ok: (v: string) => boolean, message: string) =>
  schema
    .refine((v) => v === '' || ok(v), message)
    .optional()
    .transform((v) => (v ? v : undefined));

const text = (label: string, max: number, pattern: RegExp, message: string) =>
  optional(
    z.string({ message }).trim().max(max, `${label} must be ${max} characters or fewer`),
    (v) => pattern.test(v),
    message,
  );

const date = (label: string) =>
  optional(
    z.string({ message: `Enter the ${label} date as a real date, like 2026-03-27` }),
    realDate,
    `Enter the ${label} date as a real date, like 2026-03-27`,
  );

const position = (name: string) =>
  optional(
    z.string({ message: `${name} must be an event number` }),
    (v) => /^\d{1,15}$/.test(v),
    `${name} must be an event number`,
  ).transform((v) => (v === undefined ? undefined : Number(v)));

/** The filters of the log page, its export and the API, with GOV.UK messages keyed by field name. */
export const auditFilterFields = {
  user: text('User', 64, /^[A-Za-z0-9:_.-]+$/, 'Select a user from the list').describe(
    "Only events by this actor: a user's id, an API token's id or `system:<name>`",
  ),
  action: text('Action', 100, /^[A-Za-z0-9._:-]+$/, 'Select an action from the list').describe(
    'Only events of this action, such as `http.request` or `contract.update`',
  ),
  outcome: optional(
    z.string({ message: 'Select an outcome' }),
    (v) => (OUTCOMES as readonly string[]).includes(v),
    'Select an outcome',
  )
    .transform((v) => v as Outcome | undefined)
    .describe('Only events with this outcome: `success`, `failure` or `denied`'),
  resourceType: text(
    'Resource type',
    50,
    /^[A-Za-z0-9._:-]+$/,
    'Resource type must only include letters, numbers and . _ : -',
  ).describe('Only events about this kind of record, such as `contract` or `user`'),
  resourceId: text('Resource ID', 64, /^[\x21-\x7e]+$/, 'Resource ID must not include spaces').describe(
    'Only events about the record with this id',
  ),
  from: date('from').describe('Only events on or after this day (UK time), as YYYY-MM-DD'),
  to: date('to').describe('Only events on or before this day (UK time), as YYYY-MM-DD'),
};

/**
 * Whether the records of reading (each request by a signed-in person or token, each calendar feed
 * read) are shown beside the changes and decisions. The page leaves them out unless asked; the
 * export and API include them unless told not to, as they always did.
 */
const pageViews = (fallback: 'include' | 'exclude') =>
  optional(
    z.string({ message: 'Choose whether to include page views' }),
    (v) => v === 'include' || v === 'exclude',
    'Choose whether to include page views',
  )
    .transform((v) => (v ?? fallback) === 'include')
    .describe('`exclude` leaves out page views and other access records (`http.request`, `deadline-feed.read`)');

const consistentDates = (v: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (v.from && v.to && v.to < v.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'The to date must be the same as or after the from date' });
};

/** The log page: filters plus a keyset position, one direction at a time. */
export const auditPageQuery = z
  .object({
    ...auditFilterFields,
    pageViews: pageViews('exclude'),
    before: position('Before'),
    after: position('After'),
  })
  .superRefine((v, ctx) => {
    consistentDates(v, ctx);
    if (v.before !== undefined && v.after !== undefined)
      ctx.addIssue({ code: 'custom', path: ['before'], message: 'Use either before or after, not both' });
  });
export type AuditPageQuery = z.output<typeof auditPageQuery>;

/** Filters alone: exports and their manifest. */
export const auditFilterQuery = z
  .object({ ...auditFilterFields, pageViews: pageViews('include') })
  .superRefine(consistentDates);
export type AuditFilterQuery = z.output<typeof auditFilterQuery>;

/** The JSON API's list: filters, `before` (the `page.before` of the previous response) and `limit`. */
export const auditApiQuery = z
  .object({
    ...auditFilterFields,
    before: position('before').describe(
      'Only events older than this event number: pass `page.before` from the previous response',
    ),
    limit: optional(
      z.string({ message: 'limit must be a whole number from 1 to 200' }),
      (v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 200,
      'limit must be a whole number from 1 to 200',
    )
      .transform((v) => (v === undefined ? 50 : Number(v)))
      .describe('How many events to return, 1 to 200 (50 if not given)'),
  })
  .superRefine(consistentDates);

/** An export: the filters, a format, and optionally the last event number to include (from the manifest). */
export const auditExportQuery = z
  .object({
    ...auditFilterFields,
    pageViews: pageViews('include'),
    format: z.enum(['jsonl', 'csv'], { message: 'Choose JSON Lines or CSV' }).default('jsonl'),
    through: position('Through'),
  })
  .superRefine(consistentDates);
export type AuditExportQuery = z.output<typeof auditExportQuery>;
export const auditManifestQuery = z
  .object({ ...auditFilterFields, pageViews: pageViews('include'), through: position('Through') })
  .superRefine(consistentDates);
