import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonthsClamped,
  CalendarInputError,
  formatLong,
  formatShort,
  fromDayNumber,
  isCivilDate,
  parseCivilDate,
  toDayNumber,
  weekday,
} from './civil-date.ts';
import { civilDateInLondon, endOfDayLondon } from './london.ts';

const anyDate = fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2199-12-30') }).map(fromDayNumber);

describe('civil dates', () => {
  it('accepts only real YYYY-MM-DD dates, and says why it refuses', () => {
    for (const ok of ['2024-02-29', '2026-12-31', '1900-01-01', '2199-12-31']) expect(isCivilDate(ok)).toBe(true);
    for (const bad of [
      '2026-02-29',
      '2026-13-01',
      '2026-1-1',
      '26-01-01',
      '2026-00-10',
      '2026-12-32',
      ' 2026-12-01',
      20261201,
      null,
    ])
      expect(isCivilDate(bad)).toBe(false);
    expect(() => parseCivilDate('2026-02-30')).toThrow(
      new CalendarInputError('date', 'The date must be a real date in the format 2026-11-30 (not "2026-02-30")'),
    );
    expect(() => parseCivilDate('2200-01-01', 'from', 'The start date')).toThrow(
      'The start date must be between 1900 and 2199',
    );
  });

  it('counts days and weekdays without any time zone', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    expect(weekday('2026-11-30')).toBe(1);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(formatLong('2026-12-30')).toBe('Wed 30 Dec 2026');
    expect(formatShort('2026-12-05')).toBe('5 Dec');
    fc.assert(fc.property(anyDate, (d) => fromDayNumber(toDayNumber(d)) === d && isCivilDate(d)));
  });

  it('adds calendar months, clamping to the end of the month', () => {
    expect(addMonthsClamped('2026-01-31', 1)).toEqual({ date: '2026-02-28', clamped: true });
    expect(addMonthsClamped('2024-01-31', 1)).toEqual({ date: '2024-02-29', clamped: true });
    expect(addMonthsClamped('2024-02-29', 12)).toEqual({ date: '2025-02-28', clamped: true });
    expect(addMonthsClamped('2026-03-31', -1)).toEqual({ date: '2026-02-28', clamped: true });
    expect(addMonthsClamped('2026-12-15', 1)).toEqual({ date: '2027-01-15', clamped: false });
    expect(addMonthsClamped('2026-05-31', 6)).toEqual({ date: '2026-11-30', clamped: true });
    expect(addMonthsClamped('2026-11-30', 0)).toEqual({ date: '2026-11-30', clamped: false });
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber('1950-01-01'), max: toDayNumber('2150-12-31') }).map(fromDayNumber),
        fc.integer({ min: -240, max: 240 }),
        (d, n) => {
          const { date, clamped } = addMonthsClamped(d, n);
          const months = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7));
          return (
            isCivilDate(date) &&
            months(date) - months(d) === n &&
            (clamped ? Number(date.slice(8)) < Number(d.slice(8)) : date.slice(8) === d.slice(8))
          );
        },
      ),
    );
  });
});

describe('Europe/London', () => {
  it('ends a day at 23:59:59 London time: GMT in winter, BST in summer, either side of each change', () => {
    expect(endOfDayLondon('2026-12-30')).toBe('2026-12-30T23:59:59.000Z');
    expect(endOfDayLondon('2026-07-01')).toBe('2026-07-01T22:59:59.000Z');
    expect(endOfDayLondon('2026-03-28')).toBe('2026-03-28T23:59:59.000Z');
    expect(endOfDayLondon('2026-03-29')).toBe('2026-03-29T22:59:59.000Z');
    expect(endOfDayLondon('2026-10-24')).toBe('2026-10-24T22:59:59.000Z');
    expect(endOfDayLondon('2026-10-25')).toBe('2026-10-25T23:59:59.000Z');
  });

  it('reads the civil date in London at an instant', () => {
    expect(civilDateInLondon('2026-06-30T23:30:00.000Z')).toBe('2026-07-01');
    expect(civilDateInLondon('2026-12-31T23:30:00.000Z')).toBe('2026-12-31');
    expect(civilDateInLondon(new Date('2026-03-29T00:59:59.000Z'))).toBe('2026-03-29');
    expect(() => civilDateInLondon('yesterday')).toThrow(CalendarInputError);
  });

  it('is consistent for every date: the end of the day is that day in London, one second later the next', () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        const end = endOfDayLondon(d);
        return (
          /^\d{4}-\d{2}-\d{2}T\d{2}:59:59\.000Z$/.test(end) &&
          civilDateInLondon(end) === d &&
          civilDateInLondon(new Date(Date.parse(end) + 1000)) === addDays(d, 1)
        );
      }),
      { numRuns: 500 },
    );
  });
});
