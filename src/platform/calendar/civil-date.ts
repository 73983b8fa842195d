import { ValidationError } from '../kernel/index.ts';

/**
 * A civil date: `YYYY-MM-DD`, a day on the UK calendar with no time and no zone. Arithmetic runs on
 * day numbers (days since 1970-01-01) through UTC, so no local time zone can shift a date.
 */
export type CivilDate = string;

/** The years the calendar answers for; GOV.UK data or rules cover all of them. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Bad input to the calendar (a malformed date, a count out of range): a 422 on the web, exit code 2 in the CLI. */
export class CalendarInputError extends ValidationError {
  constructor(field: string, message: string) {
    super({ [field]: message }, message);
  }
}

/** True for a real date in the format YYYY-MM-DD (2026-02-30 is not one). */
export function isCivilDate(value: unknown): value is CivilDate {
  if (typeof value !== 'string') return false;
  const m = PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Checks a civil date the calendar can answer for; throws CalendarInputError naming `field` otherwise. */
export function parseCivilDate(value: unknown, field = 'date', label = 'The date'): CivilDate {
  if (!isCivilDate(value)) {
    const shown = typeof value === 'string' ? ` (not "${value.slice(0, 40)}")` : '';
    throw new CalendarInputError(field, `${label} must be a real date in the format 2026-11-30${shown}`);
  }
  const year = yearOf(value);
  if (year < MIN_YEAR || year > MAX_YEAR)
    throw new CalendarInputError(field, `${label} must be between ${MIN_YEAR} and ${MAX_YEAR}`);
  return value;
}

export const yearOf = (date: CivilDate): number => Number(date.slice(0, 4));

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 (negative before it). */
export function toDayNumber(date: CivilDate): number {
  return Math.round(Date.UTC(yearOf(date), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS);
}

export function fromDayNumber(day: number): CivilDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOfDayNumber = (day: number): number => (((day + 4) % 7) + 7) % 7;
export const weekday = (date: CivilDate): number => weekdayOfDayNumber(toDayNumber(date));
export const isWeekend = (date: CivilDate): boolean => {
  const w = weekday(date);
  return w === 0 || w === 6;
};
/** "Saturday" */
export const weekdayName = (date: CivilDate): string => WEEKDAY_NAMES[weekday(date)]!;

export const addDays = (date: CivilDate, n: number): CivilDate => fromDayNumber(toDayNumber(date) + n);

/**
 * Calendar months, with end-of-month clamping: 31 Jan + 1 Month is 28 (or 29) Feb. `clamped` says
 * the day of the month had to be reduced.
 */
export function addMonthsClamped(date: CivilDate, months: number): { date: CivilDate; clamped: boolean } {
  const index = yearOf(date) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Number(date.slice(8, 10));
  const last = daysInMonth(year, month);
  const d = Math.min(day, last);
  return {
    date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    clamped: d !== day,
  };
}

/** "Wed 30 Dec 2026" */
export function formatLong(date: CivilDate): string {
  return `${WEEKDAYS[weekday(date)]} ${formatShort(date, true)}`;
}

/** "30 Dec", or "30 Dec 2026" with the year. */
export function formatShort(date: CivilDate, withYear = false): string {
  const text = `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
  return withYear ? `${text} ${yearOf(date)}` : text;
}
