import { describe, expect, it } from 'vitest';
import { isWeekend, yearOf } from './civil-date.ts';
import { DIVISIONS, type Division } from './divisions.ts';
import { holidaysByRule } from './rules.ts';
import { SHIPPED_BANK_HOLIDAYS } from './snapshot.ts';

const FIRST = 2018;
const LAST = 2028;

/**
 * Where the shipped snapshot (GOV.UK's wording) and date-holidays (computed by rule) may differ:
 * only the names of the special one-off days. Every date and every substitute mark must agree, so a
 * wrong, missing or extra day in the snapshot fails this test, and so does an entry here that no
 * longer differs.
 */
const ACCEPTED_DIFFERENCES = DIVISIONS.flatMap((d) => [
  `${d} 2022-06-03: Platinum Jubilee bank holiday | Queen’s Platinum Jubilee`,
  `${d} 2022-09-19: Bank Holiday for the State Funeral of Queen Elizabeth II | Queen Elizabeth's Funeral Day`,
  `${d} 2023-05-08: Bank holiday for the coronation of King Charles III | King Charles III's Coronation`,
]).sort();

const label = (e: { title: string; notes: string } | undefined) =>
  e ? `${e.title}${e.notes ? ` [${e.notes}]` : ''}` : '(none)';

describe('the shipped GOV.UK snapshot', () => {
  it(`covers ${FIRST}–${LAST} in every division, in date order, with no weekend and no repeated date`, () => {
    for (const d of DIVISIONS) {
      const events = SHIPPED_BANK_HOLIDAYS[d].events;
      expect(SHIPPED_BANK_HOLIDAYS[d].division).toBe(d);
      expect([...new Set(events.map((e) => yearOf(e.date)))]).toEqual(
        Array.from({ length: LAST - FIRST + 1 }, (_, i) => FIRST + i),
      );
      expect(events.map((e) => e.date)).toEqual([...events.map((e) => e.date)].sort());
      expect(new Set(events.map((e) => e.date)).size).toBe(events.length);
      expect(events.filter((e) => isWeekend(e.date))).toEqual([]);
      for (const e of events) expect(['', 'Substitute day']).toContain(e.notes);
    }
  });

  it(`agrees with date-holidays on every date and substitute day of ${FIRST}–${LAST}, differing only in the names of the special days`, () => {
    const differences: string[] = [];
    for (const d of DIVISIONS) {
      for (let y = FIRST; y <= LAST; y++) {
        const ours = new Map(
          SHIPPED_BANK_HOLIDAYS[d].events.filter((e) => yearOf(e.date) === y).map((e) => [e.date, e]),
        );
        const byRule = new Map(holidaysByRule(d, y).map((e) => [e.date, e]));
        for (const date of [...new Set([...ours.keys(), ...byRule.keys()])].sort()) {
          if (label(ours.get(date)) !== label(byRule.get(date)))
            differences.push(`${d} ${date}: ${label(ours.get(date))} | ${label(byRule.get(date))}`);
        }
      }
    }
    expect(differences.sort()).toEqual(ACCEPTED_DIFFERENCES);
  });

  const has = (d: Division, date: string, title: string, notes = '') =>
    expect(SHIPPED_BANK_HOLIDAYS[d].events, `${d} ${date}`).toContainEqual(
      expect.objectContaining({ date, title, notes }),
    );
  const hasNot = (d: Division, date: string) =>
    expect(
      SHIPPED_BANK_HOLIDAYS[d].events.map((e) => e.date),
      `${d} ${date}`,
    ).not.toContain(date);

  it('holds the hand-checked one-off days in every division', () => {
    for (const d of DIVISIONS) {
      has(d, '2020-05-08', 'Early May bank holiday (VE day)');
      hasNot(d, '2020-05-04');
      has(d, '2022-06-02', 'Spring bank holiday');
      has(d, '2022-06-03', 'Platinum Jubilee bank holiday');
      hasNot(d, '2022-05-30');
      has(d, '2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II');
      has(d, '2023-05-08', 'Bank holiday for the coronation of King Charles III');
    }
  });

  it('holds the Christmas, Boxing Day and New Year substitute days', () => {
    for (const d of DIVISIONS) {
      has(d, '2020-12-28', 'Boxing Day', 'Substitute day');
      has(d, '2021-12-27', 'Christmas Day', 'Substitute day');
      has(d, '2021-12-28', 'Boxing Day', 'Substitute day');
      has(d, '2022-12-26', 'Boxing Day');
      has(d, '2022-12-27', 'Christmas Day', 'Substitute day');
      has(d, '2026-12-28', 'Boxing Day', 'Substitute day');
      has(d, '2027-12-27', 'Christmas Day', 'Substitute day');
      has(d, '2027-12-28', 'Boxing Day', 'Substitute day');
      has(d, '2022-01-03', 'New Year’s Day', 'Substitute day');
      has(d, '2023-01-02', 'New Year’s Day', 'Substitute day');
      has(d, '2028-01-03', 'New Year’s Day', 'Substitute day');
    }
  });

  it("holds Scotland's 2 January, St Andrew's Day and first-Monday-of-August Summer bank holiday, and no Easter Monday", () => {
    has('scotland', '2026-01-02', '2nd January');
    has('scotland', '2021-01-04', '2nd January', 'Substitute day');
    has('scotland', '2022-01-04', '2nd January', 'Substitute day');
    has('scotland', '2023-01-03', '2nd January', 'Substitute day');
    has('scotland', '2027-01-04', '2nd January', 'Substitute day');
    has('scotland', '2026-11-30', 'St Andrew’s Day');
    has('scotland', '2019-12-02', 'St Andrew’s Day', 'Substitute day');
    has('scotland', '2024-12-02', 'St Andrew’s Day', 'Substitute day');
    has('scotland', '2025-12-01', 'St Andrew’s Day', 'Substitute day');
    for (const [y, day] of [
      [2024, '08-05'],
      [2025, '08-04'],
      [2026, '08-03'],
      [2027, '08-02'],
      [2028, '08-07'],
    ] as const) {
      has('scotland', `${y}-${day}`, 'Summer bank holiday');
      expect(SHIPPED_BANK_HOLIDAYS.scotland.events.filter((e) => e.title === 'Easter Monday')).toEqual([]);
    }
    has('england-and-wales', '2026-08-31', 'Summer bank holiday');
    hasNot('england-and-wales', '2026-11-30');
    hasNot('england-and-wales', '2026-01-02');
  });

  it("holds Northern Ireland's St Patrick's Day and Battle of the Boyne, with their substitutes", () => {
    has('northern-ireland', '2019-03-18', 'St Patrick’s Day', 'Substitute day');
    has('northern-ireland', '2024-03-18', 'St Patrick’s Day', 'Substitute day');
    has('northern-ireland', '2026-03-17', 'St Patrick’s Day');
    has('northern-ireland', '2020-07-13', 'Battle of the Boyne (Orangemen’s Day)', 'Substitute day');
    has('northern-ireland', '2025-07-14', 'Battle of the Boyne (Orangemen’s Day)', 'Substitute day');
    has('northern-ireland', '2026-07-13', 'Battle of the Boyne (Orangemen’s Day)', 'Substitute day');
    has('northern-ireland', '2027-07-12', 'Battle of the Boyne (Orangemen’s Day)');
    hasNot('england-and-wales', '2026-03-17');
    hasNot('scotland', '2026-07-13');
  });

  it('computes later years by rule in the same shape, Scottish New Year substitutes named as GOV.UK names them', () => {
    expect(holidaysByRule('england-and-wales', 2031).map((e) => e.date)).toEqual([
      '2031-01-01',
      '2031-04-11',
      '2031-04-14',
      '2031-05-05',
      '2031-05-26',
      '2031-08-25',
      '2031-12-25',
      '2031-12-26',
    ]);
    expect(holidaysByRule('scotland', 2033).slice(0, 2)).toEqual([
      { title: 'New Year’s Day', date: '2033-01-03', notes: 'Substitute day', bunting: true },
      { title: '2nd January', date: '2033-01-04', notes: 'Substitute day', bunting: true },
    ]);
    expect(holidaysByRule('scotland', 2031)).toContainEqual({
      title: 'St Andrew’s Day',
      date: '2031-12-01',
      notes: 'Substitute day',
      bunting: true,
    });
  });
});
