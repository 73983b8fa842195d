import type { CivilDate } from './civil-date.ts';
import { DIVISIONS, type Division } from './divisions.ts';
import type { Holiday, WorkingDayCalendar } from './working-day-calendar.ts';

/** What a holiday looked like on one side of a change. */
export interface HolidayState {
  title: string;
  notes: string;
  source: Holiday['source'];
}

/**
 * One day whose holiday changed between two calendar versions. `added` and `removed` move Working
 * Days; `changed` (a new title or notes, or a provisional day now published) changes only the words
 * and the provisional mark of explanations.
 */
export interface HolidayChange {
  division: Division;
  date: CivilDate;
  change: 'added' | 'removed' | 'changed';
  before?: HolidayState;
  after?: HolidayState;
}

const state = (h: Holiday): HolidayState => ({ title: h.title, notes: h.notes, source: h.source });

/** Every holiday that differs between two calendars over both calendars' covered years, by division and date. */
export function diffCalendars(before: WorkingDayCalendar, after: WorkingDayCalendar): HolidayChange[] {
  const a = before.coveredYears();
  const b = after.coveredYears();
  const changes: HolidayChange[] = [];
  for (const division of DIVISIONS) {
    for (let year = Math.min(a.from, b.from); year <= Math.max(a.to, b.to); year++) {
      const old = new Map(before.holidaysInYear(year, division).map((h) => [h.date, h]));
      const now = new Map(after.holidaysInYear(year, division).map((h) => [h.date, h]));
      for (const date of [...new Set([...old.keys(), ...now.keys()])].sort()) {
        const o = old.get(date);
        const n = now.get(date);
        if (o && !n) changes.push({ division, date, change: 'removed', before: state(o) });
        else if (!o && n) changes.push({ division, date, change: 'added', after: state(n) });
        else if (o && n && (o.title !== n.title || o.notes !== n.notes || o.source !== n.source))
          changes.push({ division, date, change: 'changed', before: state(o), after: state(n) });
      }
    }
  }
  return changes;
}

/** The first and last day a list of changes touches, or null when there are none. */
export function affectedRange(changes: readonly HolidayChange[]): { from: CivilDate; to: CivilDate } | null {
  if (changes.length === 0) return null;
  const dates = changes.map((c) => c.date).sort();
  return { from: dates[0]!, to: dates[dates.length - 1]! };
}

/** "3 added, 1 removed and 24 changed", or "no change". */
export function summariseChanges(changes: readonly HolidayChange[]): string {
  const count = (kind: HolidayChange['change']) => changes.filter((c) => c.change === kind).length;
  const parts = (['added', 'removed', 'changed'] as const).filter((k) => count(k) > 0).map((k) => `${count(k)} ${k}`);
  if (parts.length === 0) return 'no change';
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
