import fs from 'node:fs';
import { fingerprintBankHolidays, parseBankHolidays, type BankHolidaysData } from './bank-holidays-format.ts';

/**
 * The copy of GOV.UK's bank-holidays.json shipped with Custodian (bank-holidays.json beside this
 * file, one event per line so changes read well in a diff). Checked against `date-holidays` year by
 * year in snapshot.test.ts; `custodian calendar update` loads newer copies into the database.
 */
export const SHIPPED_BANK_HOLIDAYS: BankHolidaysData = parseBankHolidays(
  fs.readFileSync(new URL('./bank-holidays.json', import.meta.url), 'utf8'),
  'snapshot',
);

/** Identifies the shipped snapshot, so an upgrade that ships a newer one is noticed and recorded. */
export const SHIPPED_SNAPSHOT_SHA256 = fingerprintBankHolidays(SHIPPED_BANK_HOLIDAYS);
