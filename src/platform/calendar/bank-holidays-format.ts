import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from '../kernel/index.ts';
import { isCivilDate, MAX_YEAR, MIN_YEAR, yearOf } from './civil-date.ts';
import { DIVISIONS, type Division } from './divisions.ts';

/**
 * GOV.UK's https://www.gov.uk/bank-holidays.json, exactly: one object per division, each with its
 * own name and a list of events `{ title, date, notes, bunting }`. `notes` is "" or "Substitute day".
 * Members GOV.UK might add later are ignored rather than refused.
 */
const MAX_EVENTS = 2000;
/** Far larger than GOV.UK's file (about 20 kB), small enough that nobody can feed in a monster. */
export const MAX_BANK_HOLIDAYS_BYTES = 2_000_000;

const text = (max: number, what: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? 'is missing' : `must be text`) })
    .max(max, `must be ${max} characters or fewer${what}`);

const event = z.object(
  {
    title: text(200, '').refine((t) => t.trim().length > 0, 'must not be empty'),
    date: z
      .string({ error: (iss) => (iss.input === undefined ? 'is missing' : 'must be a date in the format 2026-12-25') })
      .refine((d) => isCivilDate(d) && yearOf(d) >= MIN_YEAR && yearOf(d) <= MAX_YEAR, {
        error: (iss) =>
          `must be a real date from ${MIN_YEAR} to ${MAX_YEAR} in the format 2026-12-25 (not ${JSON.stringify(String(iss.input).slice(0, 40))})`,
      }),
    notes: text(200, ''),
    bunting: z.boolean({ error: (iss) => (iss.input === undefined ? 'is missing' : 'must be true or false') }),
  },
  {
    error: (iss) => (iss.input === undefined ? 'is missing' : 'must be an object with title, date, notes and bunting'),
  },
);
export type BankHolidayEvent = z.output<typeof event>;

const division = (name: Division) =>
  z
    .object(
      {
        division: z.literal(name, { error: () => `must be "${name}"` }),
        events: z
          .array(event, { error: (iss) => (iss.input === undefined ? 'is missing' : 'must be a list of events') })
          .min(1, 'must list at least one holiday')
          .max(MAX_EVENTS, `must list ${MAX_EVENTS} holidays or fewer`),
      },
      { error: (iss) => (iss.input === undefined ? 'is missing' : 'must be an object with "division" and "events"') },
    )
    .superRefine((value, ctx) => {
      const seen = new Set<string>();
      value.events.forEach((e, i) => {
        if (seen.has(e.date))
          ctx.addIssue({ code: 'custom', path: ['events', i, 'date'], message: `lists ${e.date} twice` });
        seen.add(e.date);
      });
    });

export const bankHolidaysSchema = z.object(
  {
    'england-and-wales': division('england-and-wales'),
    scotland: division('scotland'),
    'northern-ireland': division('northern-ireland'),
  },
  { error: () => 'must be an object with "england-and-wales", "scotland" and "northern-ireland"' },
);
export type BankHolidaysData = z.output<typeof bankHolidaysSchema>;

/** The data is not GOV.UK bank-holiday data; `problems` lists every reason, each naming where. */
export class BankHolidaysFormatError extends ValidationError {
  constructor(
    field: string,
    public readonly problems: string[],
  ) {
    const shown = problems.slice(0, 3).join('; ');
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more problems)` : '';
    super({ [field]: `This is not GOV.UK bank holiday data: ${shown}${more}` });
  }
}

/** "scotland.events[3].date" */
const where = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  ) || 'the file';

/**
 * Parses and checks bank-holiday data (JSON text or an already-parsed value). Throws
 * BankHolidaysFormatError (a ValidationError on `field`) with every problem, each naming its place.
 */
export function parseBankHolidays(input: unknown, field = 'json'): BankHolidaysData {
  let value = input;
  if (typeof input === 'string') {
    if (input.trim() === '') throw new BankHolidaysFormatError(field, ['the file is empty']);
    if (Buffer.byteLength(input, 'utf8') > MAX_BANK_HOLIDAYS_BYTES)
      throw new BankHolidaysFormatError(field, [`it is larger than ${MAX_BANK_HOLIDAYS_BYTES / 1_000_000} MB`]);
    try {
      value = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new BankHolidaysFormatError(field, [
        `it is not valid JSON (${err instanceof Error ? err.message : String(err)})`,
      ]);
    }
  }
  const result = bankHolidaysSchema.safeParse(value);
  if (!result.success)
    throw new BankHolidaysFormatError(
      field,
      result.error.issues.map((i) => `${where(i.path)} ${i.message}`),
    );
  return result.data;
}

/** Years with at least one event, per division. */
export function yearsIn(data: BankHolidaysData, division: Division): Set<number> {
  return new Set(data[division].events.map((e) => yearOf(e.date)));
}

/**
 * Lays a newer copy over an older one, a whole year at a time per division: a year present in the
 * newer copy replaces that year (so corrections and removals take effect); years only in the older
 * copy are kept, because GOV.UK's file drops past years as time moves on.
 */
export function mergeBankHolidays(older: BankHolidaysData, newer: BankHolidaysData): BankHolidaysData {
  const merged = {} as Record<Division, BankHolidaysData[Division]>;
  for (const d of DIVISIONS) {
    const replaced = yearsIn(newer, d);
    const events = [...older[d].events.filter((e) => !replaced.has(yearOf(e.date))), ...newer[d].events].sort((a, b) =>
      a.date.localeCompare(b.date),
    );
    merged[d] = { division: d, events } as BankHolidaysData[Division];
  }
  return merged as BankHolidaysData;
}

/** A stable SHA-256 of the content (divisions and events in date order), whatever the layout of the file. */
export function fingerprintBankHolidays(data: BankHolidaysData): string {
  const canonical = DIVISIONS.map((d) => [
    d,
    [...data[d].events].sort((a, b) => a.date.localeCompare(b.date)).map((e) => [e.date, e.title, e.notes, e.bunting]),
  ]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
