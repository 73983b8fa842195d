import { CalendarInputError, parseCivilDate, yearOf, type CivilDate } from './civil-date.ts';

// Built once: a formatter per call is measurably slow. h23 so midnight is 00, never 24.
const WALL_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The London wall-clock reading of an instant, as if it were UTC (milliseconds dropped). */
function wallClock(ms: number): { ms: number; date: CivilDate } {
  const parts = Object.fromEntries(WALL_CLOCK.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const [y, mo, d, h, mi, s] = [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map(
    Number,
  ) as [number, number, number, number, number, number];
  return {
    ms: Date.UTC(y, mo - 1, d, h, mi, s),
    date: `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  };
}

/**
 * The UTC instant of 23:59:59 Europe/London on a civil date, as a fixed-width ISO string with
 * milliseconds and `Z` (BST-aware: 22:59:59.000Z in summer). Clocks change at 01:00 UTC, so 23:59:59
 * local time is never skipped or repeated.
 */
export function endOfDayLondon(date: CivilDate): string {
  const d = parseCivilDate(date);
  const target = Date.UTC(yearOf(d), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)), 23, 59, 59);
  let instant = target - (wallClock(target).ms - target);
  // A second pass settles the offset if the first guess straddled a change.
  instant = target - (wallClock(instant).ms - instant);
  return new Date(instant).toISOString();
}

/** The civil date in London at an instant (a Date or an ISO-8601 string). */
export function civilDateInLondon(instant: Date | string): CivilDate {
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (Number.isNaN(ms))
    throw new CalendarInputError(
      'instant',
      `The time must be an ISO-8601 timestamp, like 2026-11-30T09:00:00.000Z (not "${String(instant).slice(0, 40)}")`,
    );
  return wallClock(ms).date;
}
