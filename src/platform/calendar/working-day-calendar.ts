import { yearsIn, type BankHolidaysData } from './bank-holidays-format.ts';
import {
  addMonthsClamped,
  CalendarInputError,
  formatLong,
  formatShort,
  fromDayNumber,
  MAX_YEAR,
  MIN_YEAR,
  parseCivilDate,
  toDayNumber,
  weekdayName,
  weekdayOfDayNumber,
  yearOf,
  type CivilDate,
} from './civil-date.ts';
import { DEFAULT_DIVISION, DIVISION_LABELS, DIVISIONS, isDivision, type Division } from './divisions.ts';
import {
  anchorText,
  holidayDescription,
  holidayList,
  plural,
  provisionalYearsNote,
  workingDaysIn,
  type ProvisionalReason,
} from './explain.ts';
import type { Holiday } from './holiday.ts';
import { endOfDayLondon } from './london.ts';
import { holidaysByRule } from './rules.ts';

/** A one-off holiday added by an administrator (a royal proclamation, say), in the divisions it applies to. */
export interface Proclamation {
  readonly date: CivilDate;
  readonly title: string;
  readonly divisions: readonly Division[];
}

/** Everything a calendar is built from: GOV.UK data (merged copies) and administrators' one-off holidays. */
export type { Holiday } from './holiday.ts';

export interface HolidaySet {
  readonly govUk: BankHolidaysData;
  readonly proclamations?: readonly Proclamation[];
}

/** A computed deadline, as stored by the deadlines module. */
export interface Deadline {
  dueDate: CivilDate;
  /** 23:59:59 Europe/London on dueDate, as a fixed-width UTC ISO string with milliseconds and Z. */
  dueAt: string;
  explanation: string;
  /** The answer depends on holidays computed by rule: it may move when GOV.UK publishes the year. */
  provisional: boolean;
  calendarVersion: number | string;
  division: Division;
  /** Holidays that fell on weekdays inside the counted days. */
  skipped: Holiday[];
}

export interface DayCheck {
  date: CivilDate;
  division: Division;
  workingDay: boolean;
  holiday?: Holiday;
  provisional: boolean;
  explanation: string;
}

export interface WorkingDayCount {
  from: CivilDate;
  to: CivilDate;
  division: Division;
  count: number;
  skipped: Holiday[];
  provisional: boolean;
  explanation: string;
}

/** The UK Working-Day calendar at one version. Every method is pure; dates are civil dates (YYYY-MM-DD). */
export interface WorkingDayCalendar {
  readonly version: number | string;
  readonly holidays: HolidaySet;
  /** Not Saturday, Sunday or a holiday in the division (default England and Wales). */
  isWorkingDay(date: CivilDate, division?: Division): boolean;
  /** isWorkingDay with the reason, in words. */
  checkDay(date: CivilDate, division?: Division): DayCheck;
  holidayOn(date: CivilDate, division?: Division): Holiday | undefined;
  holidaysInYear(year: number, division?: Division): Holiday[];
  /** Holidays from `from` to `to`, both included. */
  holidaysBetween(from: CivilDate, to: CivilDate, division?: Division): Holiday[];
  /**
   * "Within n Working Days after date": the date itself is not counted; returns the nth following
   * Working Day. A negative n counts back: the nth Working Day before the date. n = 0 returns the
   * date itself, Working Day or not.
   */
  addWorkingDays(date: CivilDate, n: number, division?: Division): CivilDate;
  /**
   * Working Days after `from` up to and including `to`. When `to` is earlier, the count is negative:
   * minus the Working Days from `to` (included) up to `from` (excluded). So for every n,
   * workingDaysBetween(d, addWorkingDays(d, n)) === n. Equal dates give 0.
   */
  workingDaysBetween(from: CivilDate, to: CivilDate, division?: Division): number;
  /** workingDaysBetween with the holidays skipped and an explanation. */
  countWorkingDays(from: CivilDate, to: CivilDate, division?: Division): WorkingDayCount;
  /** Calendar months with end-of-month clamping (31 Jan + 1 = 28/29 Feb). */
  addMonths(date: CivilDate, n: number): CivilDate;
  /** "Within n Working Days after <trigger>": due at the end of the nth following Working Day, London time. */
  workingDayDeadline(input: { from: CivilDate; workingDays: number; trigger?: string; division?: Division }): Deadline;
  /** "n Months after <trigger>": due at the end of that calendar day (clamped), London time. */
  monthDeadline(input: { from: CivilDate; months: number; trigger?: string; division?: Division }): Deadline;
  /** Years with GOV.UK data for the division; every other year is computed by rule (provisional). */
  publishedYears(division?: Division): number[];
  isProvisionalYear(year: number, division?: Division): boolean;
  /** The span of years holding GOV.UK data or one-off holidays in any division. */
  coveredYears(): { from: number; to: number };
}

const MIN_DAY = toDayNumber(`${MIN_YEAR}-01-01`);
const MAX_DAY = toDayNumber(`${MAX_YEAR}-12-31`);
const MAX_STEPS = MAX_DAY - MIN_DAY + 1;

function divisionOf(value: Division | undefined): Division {
  if (value === undefined) return DEFAULT_DIVISION;
  if (!isDivision(value)) throw new CalendarInputError('division', `The division must be ${DIVISIONS.join(', ')}`);
  return value;
}

function wholeNumber(n: number, field: string, label: string): number {
  if (!Number.isSafeInteger(n)) throw new CalendarInputError(field, `${label} must be a whole number`);
  return n;
}

/** Builds the calendar for one version of the holiday data. */
export function createCalendar(opts: { holidays: HolidaySet; version: number | string }): WorkingDayCalendar {
  const { holidays, version } = opts;
  const published = new Map<Division, Set<number>>(DIVISIONS.map((d) => [d, yearsIn(holidays.govUk, d)]));
  const publishedByYear = new Map<string, Holiday[]>();
  for (const d of DIVISIONS) {
    for (const e of holidays.govUk[d].events) {
      const key = `${d}:${yearOf(e.date)}`;
      const list = publishedByYear.get(key) ?? [];
      list.push({
        date: e.date,
        division: d,
        title: e.title,
        notes: e.notes,
        substitute: /^substitute day$/i.test(e.notes.trim()),
        source: 'gov-uk',
        provisional: false,
      });
      publishedByYear.set(key, list);
    }
  }
  const proclaimed = new Map<string, Holiday[]>();
  for (const p of holidays.proclamations ?? []) {
    for (const d of p.divisions) {
      const key = `${d}:${yearOf(p.date)}`;
      proclaimed.set(key, [
        ...(proclaimed.get(key) ?? []),
        {
          date: p.date,
          division: d,
          title: p.title,
          notes: '',
          substitute: false,
          source: 'proclamation',
          provisional: false,
        },
      ]);
    }
  }
  const firstYear = (d: Division) => Math.min(...published.get(d)!);

  const years = new Map<string, { list: Holiday[]; byDate: Map<CivilDate, Holiday> }>();
  function year(y: number, d: Division) {
    const key = `${d}:${y}`;
    let hit = years.get(key);
    if (hit) return hit;
    const base: Holiday[] = published.get(d)!.has(y)
      ? (publishedByYear.get(key) ?? [])
      : holidaysByRule(d, y).map((e) => ({
          date: e.date,
          division: d,
          title: e.title,
          notes: e.notes,
          substitute: e.notes === 'Substitute day',
          source: 'rule' as const,
          provisional: true,
        }));
    const list = [...base, ...(proclaimed.get(key) ?? [])].sort((a, b) => a.date.localeCompare(b.date));
    const byDate = new Map<CivilDate, Holiday>();
    // A one-off holiday on a day that is already a holiday changes nothing: the first one names the day.
    for (const h of list) if (!byDate.has(h.date)) byDate.set(h.date, h);
    hit = { list, byDate };
    years.set(key, hit);
    return hit;
  }

  const reasonFor = (y: number, d: Division): ProvisionalReason =>
    y < firstYear(d) ? 'before-data' : 'not-yet-published';
  const isProvisionalYear = (y: number, d: Division) => !published.get(d)!.has(y);

  function isWorkingDayNumber(day: number, d: Division): boolean {
    const w = weekdayOfDayNumber(day);
    if (w === 0 || w === 6) return false;
    const date = fromDayNumber(day);
    return !year(yearOf(date), d).byDate.has(date);
  }

  function holidaysBetween(from: CivilDate, to: CivilDate, d: Division): Holiday[] {
    if (to < from) return [];
    const out: Holiday[] = [];
    for (let y = yearOf(from); y <= yearOf(to); y++)
      out.push(...year(y, d).list.filter((h) => h.date >= from && h.date <= to));
    return out;
  }

  /** Weekday holidays and provisional years inside [first, last] (day numbers, both included). */
  function window(first: number, last: number, d: Division) {
    if (last < first)
      return { skipped: [] as Holiday[], provisionalYears: [] as { year: number; reason: ProvisionalReason }[] };
    const skipped = holidaysBetween(fromDayNumber(first), fromDayNumber(last), d).filter((h) => {
      const w = weekdayOfDayNumber(toDayNumber(h.date));
      return w !== 0 && w !== 6;
    });
    const provisionalYears: { year: number; reason: ProvisionalReason }[] = [];
    for (let y = yearOf(fromDayNumber(first)); y <= yearOf(fromDayNumber(last)); y++)
      if (isProvisionalYear(y, d)) provisionalYears.push({ year: y, reason: reasonFor(y, d) });
    return { skipped, provisionalYears };
  }

  /** The provisional years not already said by a provisional holiday in the list. */
  const unsaid = (years: { year: number; reason: ProvisionalReason }[], skipped: Holiday[]) =>
    years.filter((y) => !skipped.some((h) => h.provisional && yearOf(h.date) === y.year));
  const reasonOfHoliday = (h: Holiday) => reasonFor(yearOf(h.date), h.division);

  function addWorkingDays(date: CivilDate, n: number, division?: Division): CivilDate {
    const start = parseCivilDate(date);
    const d = divisionOf(division);
    wholeNumber(n, 'workingDays', 'The number of Working Days');
    if (Math.abs(n) > MAX_STEPS)
      throw new CalendarInputError('workingDays', `The number of Working Days must be ${MAX_STEPS} or fewer`);
    const step = Math.sign(n);
    let day = toDayNumber(start);
    for (let counted = 0; counted < Math.abs(n);) {
      day += step;
      if (day < MIN_DAY || day > MAX_DAY)
        throw new CalendarInputError(
          'workingDays',
          `The answer would be outside the years the calendar covers (${MIN_YEAR} to ${MAX_YEAR})`,
        );
      if (isWorkingDayNumber(day, d)) counted++;
    }
    return fromDayNumber(day);
  }

  function workingDaysBetween(from: CivilDate, to: CivilDate, division?: Division): number {
    const a = toDayNumber(parseCivilDate(from, 'from', 'The first date'));
    const b = toDayNumber(parseCivilDate(to, 'to', 'The second date'));
    const d = divisionOf(division);
    const [lo, hi, sign] = b >= a ? [a + 1, b, 1] : [b, a - 1, -1];
    let count = 0;
    for (let day = lo; day <= hi; day++) if (isWorkingDayNumber(day, d)) count++;
    return sign * count;
  }

  function checkDay(date: CivilDate, division?: Division): DayCheck {
    const day = parseCivilDate(date);
    const d = divisionOf(division);
    const w = weekdayOfDayNumber(toDayNumber(day));
    if (w === 0 || w === 6)
      return {
        date: day,
        division: d,
        workingDay: false,
        provisional: false,
        explanation: `${formatLong(day)} is not a Working Day: it is a ${weekdayName(day)}`,
      };
    const y = yearOf(day);
    const holiday = year(y, d).byDate.get(day);
    const where = DIVISION_LABELS[d];
    if (holiday)
      return {
        date: day,
        division: d,
        workingDay: false,
        holiday,
        provisional: holiday.provisional,
        explanation: `${formatLong(day)} is not a Working Day in ${where}: it is a bank holiday (${holidayDescription(holiday, reasonOfHoliday(holiday))})`,
      };
    const provisional = isProvisionalYear(y, d);
    const note = provisional
      ? provisionalYearsNote([{ year: y, reason: reasonFor(y, d) }]).replace(/^; /, ' (') + ')'
      : '';
    return {
      date: day,
      division: d,
      workingDay: true,
      provisional,
      explanation: `${formatLong(day)} is a Working Day in ${where}${note}`,
    };
  }

  function countWorkingDays(from: CivilDate, to: CivilDate, division?: Division): WorkingDayCount {
    const count = workingDaysBetween(from, to, division);
    const d = divisionOf(division);
    const [a, b] = [toDayNumber(from), toDayNumber(to)];
    const { skipped, provisionalYears } = b >= a ? window(a + 1, b, d) : window(b, a - 1, d);
    const skip = skipped.length
      ? `, skipping ${holidayList(skipped, yearOf(b >= a ? to : from), reasonOfHoliday)}`
      : '';
    const head =
      b >= a
        ? `${workingDaysIn(count, d)} after ${formatLong(from)} up to and including ${formatLong(to)}`
        : `${formatLong(to)} is ${workingDaysIn(-count, d)} before ${formatLong(from)}`;
    return {
      from,
      to,
      division: d,
      count,
      skipped,
      provisional: provisionalYears.length > 0,
      explanation: `${head}${skip}${provisionalYearsNote(unsaid(provisionalYears, skipped))}`,
    };
  }

  function workingDayDeadline(input: {
    from: CivilDate;
    workingDays: number;
    trigger?: string;
    division?: Division;
  }): Deadline {
    const from = parseCivilDate(input.from, 'from', 'The start date');
    const d = divisionOf(input.division);
    const n = input.workingDays;
    const due = addWorkingDays(from, n, d);
    const [a, b] = [toDayNumber(from), toDayNumber(due)];
    const { skipped, provisionalYears } = n >= 0 ? window(a + 1, b, d) : window(b, a - 1, d);
    const skip = skipped.length ? `, skipping ${holidayList(skipped, yearOf(due), reasonOfHoliday)}` : '';
    const explanation = `Due ${formatLong(due)}: ${workingDaysIn(Math.abs(n), d)} ${n >= 0 ? 'after' : 'before'} ${anchorText(input.trigger, formatLong(from))}${skip}${provisionalYearsNote(unsaid(provisionalYears, skipped))}`;
    return {
      dueDate: due,
      dueAt: endOfDayLondon(due),
      explanation,
      provisional: provisionalYears.length > 0,
      calendarVersion: version,
      division: d,
      skipped,
    };
  }

  function addMonths(date: CivilDate, n: number): CivilDate {
    return monthsFrom(date, n).date;
  }

  function monthsFrom(date: CivilDate, n: number) {
    const from = parseCivilDate(date, 'from', 'The start date');
    wholeNumber(n, 'months', 'The number of Months');
    const result = addMonthsClamped(from, n);
    if (yearOf(result.date) < MIN_YEAR || yearOf(result.date) > MAX_YEAR)
      throw new CalendarInputError(
        'months',
        `The answer would be outside the years the calendar covers (${MIN_YEAR} to ${MAX_YEAR})`,
      );
    return { from, ...result };
  }

  function monthDeadline(input: { from: CivilDate; months: number; trigger?: string; division?: Division }): Deadline {
    const d = divisionOf(input.division);
    const { from, date: due, clamped } = monthsFrom(input.from, input.months);
    const explanation = `Due ${formatLong(due)}: ${plural(Math.abs(input.months), 'Month')} ${input.months >= 0 ? 'after' : 'before'} ${anchorText(input.trigger, formatLong(from))}${clamped ? `, clamped to ${formatShort(due)}` : ''}`;
    return {
      dueDate: due,
      dueAt: endOfDayLondon(due),
      explanation,
      provisional: false,
      calendarVersion: version,
      division: d,
      skipped: [],
    };
  }

  return {
    version,
    holidays,
    isWorkingDay: (date, division) => isWorkingDayNumber(toDayNumber(parseCivilDate(date)), divisionOf(division)),
    checkDay,
    holidayOn: (date, division) => year(yearOf(parseCivilDate(date)), divisionOf(division)).byDate.get(date),
    holidaysInYear: (y, division) => {
      wholeNumber(y, 'year', 'The year');
      if (y < MIN_YEAR || y > MAX_YEAR)
        throw new CalendarInputError('year', `The year must be between ${MIN_YEAR} and ${MAX_YEAR}`);
      return [...year(y, divisionOf(division)).list];
    },
    holidaysBetween: (from, to, division) =>
      holidaysBetween(
        parseCivilDate(from, 'from', 'The first date'),
        parseCivilDate(to, 'to', 'The second date'),
        divisionOf(division),
      ),
    addWorkingDays,
    workingDaysBetween,
    countWorkingDays,
    addMonths,
    workingDayDeadline,
    monthDeadline,
    publishedYears: (division) => [...published.get(divisionOf(division))!].sort((a, b) => a - b),
    isProvisionalYear: (y, division) => isProvisionalYear(y, divisionOf(division)),
    coveredYears: () => {
      const all = [
        ...DIVISIONS.flatMap((d) => [...published.get(d)!]),
        ...(holidays.proclamations ?? []).map((p) => yearOf(p.date)),
      ];
      return { from: Math.min(...all), to: Math.max(...all) };
    },
  };
}
