import { describe, expect, it } from 'vitest';
import { formatUkTimeInWords } from './format.ts';

describe('a moment in UK time, in words (GOV.UK style: 2:05pm, midday, midnight)', () => {
  it('says the UK clock time, in winter (GMT) and in summer (BST)', () => {
    expect(formatUkTimeInWords('2026-12-30T14:05:00.000Z')).toBe('30 December 2026 at 2:05pm (UK time)');
    expect(formatUkTimeInWords('2026-06-30T13:05:00.000Z')).toBe('30 June 2026 at 2:05pm (UK time)');
    // 23:30 UTC on 30 June is already 1 July in London.
    expect(formatUkTimeInWords('2026-06-30T23:30:00.000Z')).toBe('1 July 2026 at 12:30am (UK time)');
  });

  it('drops ":00" on the hour and says midday and midnight rather than 12pm and 12am', () => {
    expect(formatUkTimeInWords('2026-12-30T09:00:00.000Z')).toBe('30 December 2026 at 9am (UK time)');
    expect(formatUkTimeInWords('2026-12-30T12:00:00.000Z')).toBe('30 December 2026 at midday (UK time)');
    expect(formatUkTimeInWords('2026-12-31T00:00:00.000Z')).toBe('31 December 2026 at midnight (UK time)');
  });

  it('gives a calendar date as a date, and anything unreadable back unchanged', () => {
    expect(formatUkTimeInWords('2026-12-30')).toBe('30 December 2026');
    expect(formatUkTimeInWords('not a time')).toBe('not a time');
  });
});
