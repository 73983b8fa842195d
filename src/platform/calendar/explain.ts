import { formatShort, yearOf } from './civil-date.ts';
import { DEFAULT_DIVISION, DIVISION_LABELS, type Division } from './divisions.ts';
import type { Holiday } from './holiday.ts';

/** Why a year's holidays are provisional: GOV.UK has not published it yet, or it is older than the data. */
export type ProvisionalReason = 'not-yet-published' | 'before-data';

const REASON_TEXT: Record<ProvisionalReason, string> = {
  'not-yet-published': 'computed by rule, not yet published by GOV.UK',
  'before-data': 'computed by rule, not in the GOV.UK data',
};

/** "a", "a and b", "a, b and c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${Math.abs(n) === 1 ? one : many}`;

/** "Working Days" or "Working Days (Scotland)": the contractual division goes unsaid. */
export const workingDaysIn = (n: number, division: Division) =>
  `${plural(n, 'Working Day')}${division === DEFAULT_DIVISION ? '' : ` (${DIVISION_LABELS[division]})`}`;

/** "Boxing Day, substitute day, provisional: computed by rule, not yet published by GOV.UK" */
export function holidayDescription(h: Holiday, reason?: ProvisionalReason): string {
  const parts = [h.title];
  if (h.substitute) parts.push('substitute day');
  if (h.provisional) parts.push(`provisional: ${REASON_TEXT[reason ?? 'not-yet-published']}`);
  return parts.join(', ');
}

/**
 * "25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day)". Years are shown on every
 * holiday when any of them is not in `year` (the year of the date being explained).
 */
export function holidayList(
  holidays: readonly Holiday[],
  year: number,
  reasonOf: (h: Holiday) => ProvisionalReason,
): string {
  const withYear = holidays.some((h) => yearOf(h.date) !== year);
  return joinList(holidays.map((h) => `${formatShort(h.date, withYear)} (${holidayDescription(h, reasonOf(h))})`));
}

/** "; provisional: holidays in 2031 and 2032 are computed by rule, not yet published by GOV.UK", or "". */
export function provisionalYearsNote(years: readonly { year: number; reason: ProvisionalReason }[]): string {
  if (years.length === 0) return '';
  const groups = (['not-yet-published', 'before-data'] as const)
    .map((reason) => ({ reason, list: years.filter((y) => y.reason === reason).map((y) => String(y.year)) }))
    .filter((g) => g.list.length > 0)
    .map((g) => `holidays in ${joinList(g.list)} are ${REASON_TEXT[g.reason]}`);
  return `; provisional: ${groups.join('; ')}`;
}

/** "the Start Date (Mon 30 Nov 2026)", or just the date when there is no label. */
export const anchorText = (trigger: string | undefined, formatted: string) =>
  trigger ? `${trigger} (${formatted})` : formatted;
