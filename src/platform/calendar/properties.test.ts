import fc from 'fast-check';
import { describe, it } from 'vitest';
import { addDays, fromDayNumber, isWeekend, toDayNumber } from './civil-date.ts';
import { DIVISIONS } from './divisions.ts';
import { SHIPPED_BANK_HOLIDAYS } from './snapshot.ts';
import { createCalendar, type WorkingDayCalendar } from './working-day-calendar.ts';

const shipped = createCalendar({ holidays: { govUk: SHIPPED_BANK_HOLIDAYS }, version: 1 });
// Random one-off holidays on top of the data, so the properties cannot lean on GOV.UK's shape.
const withProclamations = (days: number[]) =>
  createCalendar({
    holidays: {
      govUk: SHIPPED_BANK_HOLIDAYS,
      proclamations: days.map((d, i) => ({
        date: fromDayNumber(d),
        title: `One-off ${i}`,
        divisions: [DIVISIONS[i % 3]!],
      })),
    },
    version: 2,
  });

// 2015–2035: years before the data, GOV.UK years (2018–2028) and years computed by rule.
const day = fc.integer({ min: toDayNumber('2015-01-01'), max: toDayNumber('2035-12-31') });
const date = day.map(fromDayNumber);
const division = fc.constantFrom(...DIVISIONS);
const count = fc.integer({ min: -300, max: 300 });
const calendar = fc.oneof(fc.constant(shipped), fc.array(day, { maxLength: 12 }).map(withProclamations));
const options = { numRuns: 300 };

describe('Working-Day properties (fast-check)', () => {
  it('between(d, add(d, n)) = n', () => {
    fc.assert(
      fc.property(
        calendar,
        date,
        count,
        division,
        (cal, d, n, div) => cal.workingDaysBetween(d, cal.addWorkingDays(d, n, div), div) === n,
      ),
      options,
    );
  });

  it('add is strictly increasing in n', () => {
    fc.assert(
      fc.property(calendar, date, count, count, division, (cal, d, a, b, div) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        return cal.addWorkingDays(d, lo, div) < cal.addWorkingDays(d, hi, div);
      }),
      options,
    );
  });

  it('add is non-decreasing in the date', () => {
    fc.assert(
      fc.property(calendar, day, day, count, division, (cal, x, y, n, div) => {
        const [d1, d2] = x <= y ? [fromDayNumber(x), fromDayNumber(y)] : [fromDayNumber(y), fromDayNumber(x)];
        return cal.addWorkingDays(d1, n, div) <= cal.addWorkingDays(d2, n, div);
      }),
      options,
    );
  });

  it('add never returns a weekend or a holiday (n ≠ 0)', () => {
    fc.assert(
      fc.property(calendar, date, count, division, (cal, d, n, div) => {
        fc.pre(n !== 0);
        const due = cal.addWorkingDays(d, n, div);
        return !isWeekend(due) && cal.holidayOn(due, div) === undefined && cal.isWorkingDay(due, div);
      }),
      options,
    );
  });

  it('isWorkingDay agrees with add and between: the next Working Day is the first day after d that is one', () => {
    fc.assert(
      fc.property(calendar, date, division, (cal: WorkingDayCalendar, d, div) => {
        const next = cal.addWorkingDays(d, 1, div);
        for (let x = addDays(d, 1); x < next; x = addDays(x, 1)) if (cal.isWorkingDay(x, div)) return false;
        return (
          cal.isWorkingDay(next, div) &&
          cal.workingDaysBetween(d, addDays(d, 1), div) === (cal.isWorkingDay(addDays(d, 1), div) ? 1 : 0)
        );
      }),
      options,
    );
  });

  it('a deadline is due on add(d, n), at the end of that day, and says how many Working Days', () => {
    fc.assert(
      fc.property(calendar, date, fc.integer({ min: 1, max: 60 }), division, (cal, d, n, div) => {
        const deadline = cal.workingDayDeadline({ from: d, workingDays: n, trigger: 'the event', division: div });
        return (
          deadline.dueDate === cal.addWorkingDays(d, n, div) &&
          deadline.explanation.includes(`${n} Working Day${n === 1 ? '' : 's'}`) &&
          deadline.skipped.every((h) => h.date > d && h.date < deadline.dueDate && !isWeekend(h.date)) &&
          deadline.provisional === deadline.explanation.includes('provisional')
        );
      }),
      options,
    );
  });
});
