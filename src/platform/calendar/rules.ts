import Holidays from 'date-holidays';
import type { BankHolidayEvent } from './bank-holidays-format.ts';
import { isWeekend } from './civil-date.ts';
import type { Division } from './divisions.ts';

/** date-holidays' GB regions; England and Wales follows ENG (its public holidays are the same). */
const REGIONS: Record<Division, string> = { 'england-and-wales': 'ENG', scotland: 'SCT', 'northern-ireland': 'NIR' };

/** date-holidays' names where GOV.UK spells them differently. */
const GOV_UK_TITLES: Record<string, string> = {
  "New Year's Day": 'New Year’s Day',
  'January 2nd': '2nd January',
};
const NO_BUNTING = new Set(['Good Friday', 'Battle of the Boyne (Orangemen’s Day)']);

const libraries = new Map<Division, Holidays>();
const cache = new Map<string, readonly BankHolidayEvent[]>();

/**
 * Bank holidays of one division and year computed by rule (`date-holidays`), in GOV.UK's shape: only
 * the days off (a holiday on a weekend appears as its substitute day, notes "Substitute day"). Used
 * for years GOV.UK has not published; callers mark the results provisional.
 */
export function holidaysByRule(division: Division, year: number): readonly BankHolidayEvent[] {
  const key = `${division}:${year}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let lib = libraries.get(division);
  if (!lib) {
    lib = new Holidays('GB', REGIONS[division], { types: ['public', 'bank'] });
    libraries.set(division, lib);
  }
  const seen = new Set<string>();
  const events: BankHolidayEvent[] = [];
  for (const h of lib.getHolidays(year)) {
    if (h.type !== 'public' && h.type !== 'bank') continue;
    const date = h.date.slice(0, 10);
    if (isWeekend(date) || seen.has(date)) continue;
    seen.add(date);
    const name = h.name.replace(/\s*\(substitute day\)$/i, '');
    const title = GOV_UK_TITLES[name] ?? name;
    events.push({ title, date, notes: h.substitute ? 'Substitute day' : '', bunting: !NO_BUNTING.has(title) });
  }
  events.sort((a, b) => a.date.localeCompare(b.date));
  scottishNewYear(events);
  const frozen = Object.freeze(events);
  cache.set(key, frozen);
  return frozen;
}

/**
 * When New Year's Day falls at a weekend in Scotland, GOV.UK gives its substitute the first free
 * day and "2nd January" the next, both marked substitute (2022: 3 and 4 Jan; 2023: 2 and 3 Jan);
 * date-holidays names them the other way round. Only the names change, never the dates.
 */
function scottishNewYear(events: BankHolidayEvent[]): void {
  const newYear = events.find((e) => e.title === 'New Year’s Day' && e.notes === 'Substitute day');
  const second = events.find((e) => e.title === '2nd January');
  if (!newYear || !second) return;
  const [first, later] = newYear.date < second.date ? [newYear, second] : [second, newYear];
  Object.assign(first, { title: 'New Year’s Day', notes: 'Substitute day', bunting: true });
  Object.assign(later, { title: '2nd January', notes: 'Substitute day', bunting: true });
}
