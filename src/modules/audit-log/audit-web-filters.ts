import { dateFromParts } from '../../platform/validation/index.ts';

const FILTERS = ['user', 'action', 'outcome', 'resourceType', 'resourceId', 'from', 'to', 'pageViews'] as const;
const DATES = ['from', 'to'] as const;

/** The filters of the page as sent, with each GOV.UK date input read into one YYYY-MM-DD value. */
export interface SentFilters {
  /** The filters as strings only: to refill the form and carry into page and export links. */
  values: Record<string, string>;
  /** What the date inputs hold, part by part, to show them again as typed. */
  dateParts: Record<string, string>;
  /** A date input's own message (GOV.UK wording), by field. */
  dateErrors: Record<string, string>;
}

/**
 * Reads the query of the audit page. The form sends each date as day, month and year
 * (`from-day`, …); links carry it as one `from=YYYY-MM-DD`, which is also what the API takes.
 */
export function sentFilters(query: unknown): SentFilters {
  const q = { ...((query ?? {}) as Record<string, unknown>) };
  const dateParts: Record<string, string> = {};
  const dateErrors: Record<string, string> = {};
  for (const name of DATES) {
    const parts = ['day', 'month', 'year'].map((p) => [`${name}-${p}`, q[`${name}-${p}`]] as const);
    if (parts.some(([, v]) => typeof v === 'string' && v.trim() !== '')) {
      for (const [k, v] of parts) dateParts[k] = typeof v === 'string' ? v.slice(0, 10) : '';
      const date = dateFromParts(q, name, `the ${name} date`);
      if (date.error) dateErrors[name] = date.error;
      q[name] = date.value;
    } else if (typeof q[name] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(q[name])) {
      const [y, m, d] = q[name].split('-');
      Object.assign(dateParts, {
        [`${name}-day`]: String(Number(d)),
        [`${name}-month`]: String(Number(m)),
        [`${name}-year`]: y,
      });
    }
  }
  const values = Object.fromEntries(
    FILTERS.filter((k) => typeof q[k] === 'string' && q[k] !== '').map((k) => [k, (q[k] as string).slice(0, 100)]),
  );
  return { values, dateParts, dateErrors };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'contract';

/**
 * An export's file name: the contract and the range it covers, so files saved side by side say
 * what each holds: `custodian-audit-ord-1234-2026-12-01-to-2026-12-07.csv`. With no from date the
 * range starts at the beginning of the log; with no to date it ends today (UK).
 */
export function exportFileName(orderReference: string, range: { from?: string; to?: string }, today: string) {
  return `custodian-audit-${slug(orderReference)}-${range.from ?? 'beginning'}-to-${range.to ?? today}`;
}
