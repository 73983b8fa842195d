import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/index.ts';
import { CalendarInputError } from './civil-date.ts';
import { diffCalendars, affectedRange, summariseChanges } from './diff.ts';
import type { Division } from './divisions.ts';
import { SHIPPED_BANK_HOLIDAYS } from './snapshot.ts';
import { createCalendar } from './working-day-calendar.ts';

const cal = createCalendar({ holidays: { govUk: SHIPPED_BANK_HOLIDAYS }, version: 7 });

describe('Working Days around Easter and Christmas, 2024–2028 (hand-checked)', () => {
  // [from, n, expected, division?]: "within n Working Days after from" ends on expected.
  const cases: [string, number, string, Division?][] = [
    ['2024-03-27', 1, '2024-03-28'],
    ['2024-03-28', 1, '2024-04-02'], // Good Friday 29 Mar, Easter Monday 1 Apr
    ['2024-03-28', 2, '2024-04-03'],
    ['2024-12-20', 5, '2024-12-31'], // 25 and 26 Dec
    ['2024-12-31', 1, '2025-01-02'],
    ['2025-04-17', 1, '2025-04-22'],
    ['2025-12-24', 1, '2025-12-29'],
    ['2025-12-19', 10, '2026-01-07'],
    ['2026-04-02', 1, '2026-04-07'],
    ['2026-11-30', 20, '2026-12-30'], // the example
    ['2026-12-24', 1, '2026-12-29'], // Boxing Day substitute on Mon 28 Dec
    ['2027-03-25', 1, '2027-03-30'],
    ['2027-12-24', 1, '2027-12-29'], // both substitutes: 27 and 28 Dec
    ['2027-12-23', 3, '2027-12-30'],
    ['2027-12-31', 1, '2028-01-04'], // New Year's Day substitute Mon 3 Jan 2028
    ['2028-04-13', 1, '2028-04-18'],
    ['2028-12-22', 1, '2028-12-27'],
    ['2026-12-24', 0, '2026-12-24'],
    ['2026-12-29', -1, '2026-12-24'],
    ['2027-01-04', -5, '2026-12-23'],
    ['2022-06-01', 1, '2022-06-06'], // Spring bank holiday moved to Thu 2 Jun, Platinum Jubilee Fri 3 Jun
    ['2022-09-16', 1, '2022-09-20'], // the State Funeral
    ['2023-05-05', 1, '2023-05-09'], // the Coronation
    ['2020-05-07', 1, '2020-05-11'], // VE Day on Fri 8 May
    ['2025-11-28', 1, '2025-12-01'],
    ['2025-11-28', 1, '2025-12-02', 'scotland'], // St Andrew's Day substitute
    ['2026-12-31', 1, '2027-01-04'],
    ['2026-12-31', 1, '2027-01-05', 'scotland'], // 2nd January substitute
    ['2026-07-10', 1, '2026-07-13'],
    ['2026-07-10', 1, '2026-07-14', 'northern-ireland'], // Battle of the Boyne substitute
    ['2028-03-16', 1, '2028-03-20', 'northern-ireland'], // St Patrick's Day on a Friday
    ['2026-04-02', 1, '2026-04-06', 'scotland'], // no Easter Monday in Scotland
  ];
  it.each(cases)('%s + %i Working Days = %s (%s)', (from, n, expected, division) => {
    expect(cal.addWorkingDays(from, n, division)).toBe(expected);
    expect(cal.workingDaysBetween(from, expected, division)).toBe(n);
  });

  it('explains the issue’s example exactly', () => {
    expect(cal.workingDayDeadline({ from: '2026-11-30', workingDays: 20, trigger: 'the Start Date' })).toEqual({
      dueDate: '2026-12-30',
      dueAt: '2026-12-30T23:59:59.000Z',
      explanation:
        'Due Wed 30 Dec 2026: 20 Working Days after the Start Date (Mon 30 Nov 2026), skipping 25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day)',
      provisional: false,
      calendarVersion: 7,
      division: 'england-and-wales',
      skipped: [
        expect.objectContaining({ date: '2026-12-25', title: 'Christmas Day', source: 'gov-uk' }),
        expect.objectContaining({ date: '2026-12-28', title: 'Boxing Day', substitute: true }),
      ],
    });
  });

  it('lists three or more skipped holidays with commas and "and", with years when they cross one', () => {
    expect(cal.workingDayDeadline({ from: '2027-12-23', workingDays: 6, trigger: 'the notice' }).explanation).toBe(
      'Due Wed 5 Jan 2028: 6 Working Days after the notice (Thu 23 Dec 2027), skipping 27 Dec 2027 (Christmas Day, substitute day), 28 Dec 2027 (Boxing Day, substitute day) and 3 Jan 2028 (New Year’s Day, substitute day)',
    );
    expect(cal.workingDayDeadline({ from: '2026-11-27', workingDays: 1, division: 'scotland' }).explanation).toBe(
      'Due Tue 1 Dec 2026: 1 Working Day (Scotland) after Fri 27 Nov 2026, skipping 30 Nov (St Andrew’s Day)',
    );
    expect(cal.workingDayDeadline({ from: '2026-12-07', workingDays: 5, trigger: 'the report' }).explanation).toBe(
      'Due Mon 14 Dec 2026: 5 Working Days after the report (Mon 7 Dec 2026)',
    );
    expect(cal.workingDayDeadline({ from: '2027-01-04', workingDays: -5, trigger: 'the due date' }).explanation).toBe(
      'Due Wed 23 Dec 2026: 5 Working Days before the due date (Mon 4 Jan 2027), skipping 25 Dec 2026 (Christmas Day), 28 Dec 2026 (Boxing Day, substitute day) and 1 Jan 2027 (New Year’s Day)',
    );
  });

  it('ends the day in BST in summer', () => {
    expect(cal.workingDayDeadline({ from: '2026-08-27', workingDays: 1 })).toMatchObject({
      dueDate: '2026-08-28',
      dueAt: '2026-08-28T22:59:59.000Z',
    });
    expect(cal.workingDayDeadline({ from: '2026-08-28', workingDays: 1 })).toMatchObject({
      dueDate: '2026-09-01',
      dueAt: '2026-09-01T22:59:59.000Z',
    });
  });
});

describe('years beyond the data', () => {
  it('are computed by rule and marked provisional in every explanation that depends on them', () => {
    expect(cal.publishedYears()).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028]);
    expect(cal.isProvisionalYear(2029)).toBe(true);
    expect(cal.isProvisionalYear(2028)).toBe(false);
    expect(cal.holidayOn('2031-12-25')).toMatchObject({ title: 'Christmas Day', source: 'rule', provisional: true });
    const d = cal.workingDayDeadline({ from: '2031-12-10', workingDays: 20, trigger: 'the Start Date' });
    expect(d.dueDate).toBe('2032-01-12');
    expect(d.provisional).toBe(true);
    expect(d.explanation).toBe(
      'Due Mon 12 Jan 2032: 20 Working Days after the Start Date (Wed 10 Dec 2031), skipping 25 Dec 2031 (Christmas Day, provisional: computed by rule, not yet published by GOV.UK), 26 Dec 2031 (Boxing Day, provisional: computed by rule, not yet published by GOV.UK) and 1 Jan 2032 (New Year’s Day, provisional: computed by rule, not yet published by GOV.UK)',
    );
    // No holiday inside the window, but the absence of one is by rule too.
    expect(cal.workingDayDeadline({ from: '2031-03-10', workingDays: 5 })).toMatchObject({
      provisional: true,
      explanation:
        'Due Mon 17 Mar 2031: 5 Working Days after Mon 10 Mar 2031; provisional: holidays in 2031 are computed by rule, not yet published by GOV.UK',
    });
    expect(cal.workingDayDeadline({ from: '2028-12-20', workingDays: 5 }).provisional).toBe(false);
    expect(cal.workingDayDeadline({ from: '2028-12-22', workingDays: 5 })).toMatchObject({
      dueDate: '2029-01-03',
      provisional: true,
    });
    expect(cal.workingDayDeadline({ from: '2010-03-10', workingDays: 1 }).explanation).toBe(
      'Due Thu 11 Mar 2010: 1 Working Day after Wed 10 Mar 2010; provisional: holidays in 2010 are computed by rule, not in the GOV.UK data',
    );
  });

  it('says so when checking a single day', () => {
    expect(cal.checkDay('2031-12-25')).toMatchObject({
      workingDay: false,
      provisional: true,
      explanation:
        'Thu 25 Dec 2031 is not a Working Day in England and Wales: it is a bank holiday (Christmas Day, provisional: computed by rule, not yet published by GOV.UK)',
    });
    expect(cal.checkDay('2031-12-01')).toMatchObject({
      workingDay: true,
      provisional: true,
      explanation:
        'Mon 1 Dec 2031 is a Working Day in England and Wales (provisional: holidays in 2031 are computed by rule, not yet published by GOV.UK)',
    });
    expect(cal.checkDay('2026-12-25').explanation).toBe(
      'Fri 25 Dec 2026 is not a Working Day in England and Wales: it is a bank holiday (Christmas Day)',
    );
    expect(cal.checkDay('2026-12-26')).toMatchObject({
      workingDay: false,
      provisional: false,
      explanation: 'Sat 26 Dec 2026 is not a Working Day: it is a Saturday',
    });
    expect(cal.checkDay('2026-11-30', 'scotland').explanation).toBe(
      'Mon 30 Nov 2026 is not a Working Day in Scotland: it is a bank holiday (St Andrew’s Day)',
    );
    expect(cal.checkDay('2026-11-30')).toMatchObject({
      workingDay: true,
      provisional: false,
      explanation: 'Mon 30 Nov 2026 is a Working Day in England and Wales',
    });
  });
});

describe('counting, months and one-off holidays', () => {
  it('counts Working Days after the first date up to and including the second, negative when it is earlier', () => {
    expect(cal.countWorkingDays('2026-11-30', '2026-12-30')).toMatchObject({
      count: 20,
      explanation:
        '20 Working Days after Mon 30 Nov 2026 up to and including Wed 30 Dec 2026, skipping 25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day)',
    });
    expect(cal.countWorkingDays('2026-12-30', '2026-11-30')).toMatchObject({
      count: -20,
      explanation:
        'Mon 30 Nov 2026 is 20 Working Days before Wed 30 Dec 2026, skipping 25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day)',
    });
    expect(cal.workingDaysBetween('2026-12-25', '2026-12-25')).toBe(0);
    expect(cal.workingDaysBetween('2026-12-24', '2026-12-28')).toBe(0);
    expect(cal.workingDaysBetween('2026-12-24', '2026-12-29')).toBe(1);
    expect(cal.holidaysBetween('2026-12-25', '2027-01-01').map((h) => h.date)).toEqual([
      '2026-12-25',
      '2026-12-28',
      '2027-01-01',
    ]);
    expect(cal.holidaysInYear(2026, 'northern-ireland')).toHaveLength(10);
  });

  it('adds calendar months and explains clamping', () => {
    expect(cal.addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(cal.monthDeadline({ from: '2024-02-29', months: 12, trigger: 'the Start Date' })).toMatchObject({
      dueDate: '2025-02-28',
      dueAt: '2025-02-28T23:59:59.000Z',
      provisional: false,
      explanation: 'Due Fri 28 Feb 2025: 12 Months after the Start Date (Thu 29 Feb 2024), clamped to 28 Feb',
    });
    expect(cal.monthDeadline({ from: '2026-11-30', months: 6, trigger: 'the last training' }).explanation).toBe(
      'Due Sun 30 May 2027: 6 Months after the last training (Mon 30 Nov 2026)',
    );
    expect(cal.monthDeadline({ from: '2026-11-30', months: 1 }).explanation).toBe(
      'Due Wed 30 Dec 2026: 1 Month after Mon 30 Nov 2026',
    );
  });

  it('takes one-off holidays for the divisions they name, and diffs two versions', () => {
    const withDay = createCalendar({
      holidays: {
        govUk: SHIPPED_BANK_HOLIDAYS,
        proclamations: [{ date: '2026-12-29', title: 'Royal wedding', divisions: ['england-and-wales', 'scotland'] }],
      },
      version: 8,
    });
    expect(withDay.isWorkingDay('2026-12-29')).toBe(false);
    expect(withDay.isWorkingDay('2026-12-29', 'northern-ireland')).toBe(true);
    expect(
      withDay.workingDayDeadline({ from: '2026-11-30', workingDays: 20, trigger: 'the Start Date' }),
    ).toMatchObject({
      dueDate: '2026-12-31',
      calendarVersion: 8,
      explanation:
        'Due Thu 31 Dec 2026: 20 Working Days after the Start Date (Mon 30 Nov 2026), skipping 25 Dec (Christmas Day), 28 Dec (Boxing Day, substitute day) and 29 Dec (Royal wedding)',
    });
    const changes = diffCalendars(cal, withDay);
    expect(changes).toEqual([
      {
        division: 'england-and-wales',
        date: '2026-12-29',
        change: 'added',
        after: { title: 'Royal wedding', notes: '', source: 'proclamation' },
      },
      {
        division: 'scotland',
        date: '2026-12-29',
        change: 'added',
        after: { title: 'Royal wedding', notes: '', source: 'proclamation' },
      },
    ]);
    expect(affectedRange(changes)).toEqual({ from: '2026-12-29', to: '2026-12-29' });
    expect(summariseChanges(changes)).toBe('2 added');
    expect(diffCalendars(withDay, cal).map((c) => c.change)).toEqual(['removed', 'removed']);
    expect(diffCalendars(cal, cal)).toEqual([]);
  });

  it('refuses bad input with a ValidationError naming the field, never a crash', () => {
    const refused = (fn: () => unknown, field: string, message: RegExp) => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(CalendarInputError);
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).fields[field]).toMatch(message);
        return;
      }
      throw new Error('expected a refusal');
    };
    refused(() => cal.addWorkingDays('2026-02-30', 1), 'date', /real date/);
    refused(() => cal.addWorkingDays('2026-12-01', 1.5), 'workingDays', /whole number/);
    refused(() => cal.addWorkingDays('2199-12-30', 5), 'workingDays', /outside the years/);
    refused(
      () => cal.addWorkingDays('2026-12-01', 1, 'wales' as Division),
      'division',
      /england-and-wales, scotland, northern-ireland/,
    );
    refused(() => cal.workingDaysBetween('2026-12-01', 'tomorrow'), 'to', /real date/);
    refused(() => cal.holidaysInYear(3000), 'year', /between 1900 and 2199/);
    refused(() => cal.addMonths('2199-12-01', 1), 'months', /outside the years/);
  });
});
