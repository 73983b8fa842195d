/** How a date in a staff CSV was written: the preview says which formats it read, and how. */
export type DateFormat = 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'D MMMM YYYY';

export const DATE_FORMATS_ACCEPTED =
  'YYYY-MM-DD (2026-03-01), DD/MM/YYYY or D/M/YYYY, day first as in the UK (01/03/2026, 1/3/2026), or the day, the month in words and the year (1 March 2026, 1 Mar 2026)';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const monthOf = (word: string): number | undefined => {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => m === w || (m.startsWith(w) && (w.length === 3 || w === 'sept')));
  return i < 0 ? undefined : i + 1;
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function real(y: number, m: number, d: number): string | undefined {
  if (y < 1950 || y > 2100 || m < 1 || m > 12 || d < 1) return undefined;
  const iso = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/**
 * A date as an HR export writes it, read into YYYY-MM-DD. Slashed dates are read day first, as in
 * the UK; one that can only be month first (3/25/2026), a two-digit year, or any other shape is
 * refused with a message saying which formats are accepted, rather than guessed.
 */
export function readCsvDate(raw: string, label: string): { date: string; format: DateFormat } | { error: string } {
  const s = raw.trim();
  const refuse = (why: string) => ({ error: `${label} “${s.slice(0, 40)}” ${why}` });
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const date = real(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { date, format: 'YYYY-MM-DD' } : refuse('is not a real date');
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(s);
  if (m) {
    if (m[3]!.length === 2) return refuse('has a two-digit year: write the year in full, like 01/03/2026');
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo > 12 && d <= 12)
      return refuse('looks like a US date (month first): dates with slashes are read day first, like 25/03/2026');
    const date = real(y, mo, d);
    return date ? { date, format: 'DD/MM/YYYY' } : refuse('is not a real date');
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+\.?)\s+(\d{4})$/.exec(s);
  if (m) {
    const mo = monthOf(m[2]!);
    const date = mo ? real(Number(m[3]), mo, Number(m[1])) : undefined;
    return date ? { date, format: 'D MMMM YYYY' } : refuse('is not a real date');
  }
  return refuse(`is not in a format Custodian reads. Use ${DATE_FORMATS_ACCEPTED}`);
}
