import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/index.ts';
import {
  BankHolidaysFormatError,
  fingerprintBankHolidays,
  mergeBankHolidays,
  parseBankHolidays,
  type BankHolidaysData,
} from './bank-holidays-format.ts';
import { SHIPPED_BANK_HOLIDAYS } from './snapshot.ts';

const ev = (date: string, title = 'Holiday', notes = '') => ({ title, date, notes, bunting: true });
const data = (ew: ReturnType<typeof ev>[], sc = ew, ni = ew) => ({
  'england-and-wales': { division: 'england-and-wales', events: ew },
  scotland: { division: 'scotland', events: sc },
  'northern-ireland': { division: 'northern-ireland', events: ni },
});

function problemsOf(input: unknown): string[] {
  try {
    parseBankHolidays(input);
  } catch (err) {
    expect(err).toBeInstanceOf(BankHolidaysFormatError);
    expect(err).toBeInstanceOf(ValidationError);
    return (err as BankHolidaysFormatError).problems;
  }
  throw new Error('expected the data to be refused');
}

describe('parseBankHolidays (GOV.UK bank-holidays.json)', () => {
  it('reads GOV.UK’s format from text or a value, ignoring members GOV.UK may add', () => {
    const text = JSON.stringify({ ...data([ev('2026-12-25', 'Christmas Day')]), extra: true });
    const parsed = parseBankHolidays(`\uFEFF${text}`);
    expect(parsed['england-and-wales'].events).toEqual([ev('2026-12-25', 'Christmas Day')]);
    expect(parseBankHolidays(JSON.parse(text)).scotland.division).toBe('scotland');
  });

  it('names each problem with its place in the file', () => {
    const bad = data(
      [ev('2026-02-30'), { title: '', date: '2026-12-25', notes: '', bunting: 'yes' } as never, ev('2026-12-28')],
      [ev('2026-12-25')],
    );
    (bad.scotland as { division: string }).division = 'england-and-wales';
    delete (bad as Partial<typeof bad>)['northern-ireland'];
    expect(problemsOf(bad)).toEqual([
      'england-and-wales.events[0].date must be a real date from 1900 to 2199 in the format 2026-12-25 (not "2026-02-30")',
      'england-and-wales.events[1].title must not be empty',
      'england-and-wales.events[1].bunting must be true or false',
      'scotland.division must be "scotland"',
      'northern-ireland is missing',
    ]);
  });

  it('refuses text that is not JSON, empty data, the wrong shape and repeated dates, with clear messages', () => {
    expect(problemsOf('{"england-and-wales": ')[0]).toMatch(/^it is not valid JSON \(/);
    expect(problemsOf('   ')).toEqual(['the file is empty']);
    expect(problemsOf('[1,2]')).toEqual([
      'the file must be an object with "england-and-wales", "scotland" and "northern-ireland"',
    ]);
    expect(problemsOf(data([]))).toEqual([
      'england-and-wales.events must list at least one holiday',
      'scotland.events must list at least one holiday',
      'northern-ireland.events must list at least one holiday',
    ]);
    expect(problemsOf(data([ev('2026-12-25'), ev('2026-12-25')], [ev('2026-12-25')], [ev('2026-12-25')]))).toEqual([
      'england-and-wales.events[1].date lists 2026-12-25 twice',
    ]);
    expect(problemsOf(data([ev('1899-12-25')], [ev('2026-12-25')], [ev('2026-12-25')]))[0]).toContain(
      'from 1900 to 2199',
    );
    expect(problemsOf('x'.repeat(2_000_001))).toEqual(['it is larger than 2 MB']);
  });

  it('puts the first problems in the field message, and how many more there are', () => {
    try {
      parseBankHolidays(data([ev('a'), ev('b'), ev('c'), ev('d')]), 'file');
      throw new Error('expected a refusal');
    } catch (err) {
      const message = (err as ValidationError).fields.file!;
      expect(message).toMatch(/^This is not GOV\.UK bank holiday data: england-and-wales\.events\[0\]\.date must be/);
      expect(message).toMatch(/\(and \d+ more problems\)$/);
    }
  });
});

describe('mergeBankHolidays and fingerprintBankHolidays', () => {
  const older = parseBankHolidays(
    data([ev('2018-12-25', 'Christmas Day'), ev('2026-12-25', 'Christmas Day'), ev('2026-12-28', 'Boxing Day')]),
  );
  const newer = parseBankHolidays(data([ev('2026-12-25', 'Christmas Day'), ev('2027-01-01', 'New Year’s Day')]));

  it('replaces whole years present in the newer copy and keeps years only the older one has', () => {
    const merged = mergeBankHolidays(older, newer);
    expect(merged['england-and-wales'].events.map((e) => e.date)).toEqual(['2018-12-25', '2026-12-25', '2027-01-01']);
    expect(merged.scotland.division).toBe('scotland');
  });

  it('fingerprints the content, not the layout', () => {
    const shuffled = structuredClone(SHIPPED_BANK_HOLIDAYS) as BankHolidaysData;
    shuffled['england-and-wales'].events.reverse();
    expect(fingerprintBankHolidays(shuffled)).toBe(fingerprintBankHolidays(SHIPPED_BANK_HOLIDAYS));
    shuffled['england-and-wales'].events[0]!.title = 'Changed';
    expect(fingerprintBankHolidays(shuffled)).not.toBe(fingerprintBankHolidays(SHIPPED_BANK_HOLIDAYS));
    expect(fingerprintBankHolidays(SHIPPED_BANK_HOLIDAYS)).toMatch(/^[0-9a-f]{64}$/);
  });
});
