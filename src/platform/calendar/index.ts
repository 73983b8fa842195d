/**
 * UK Working Days (Joint Schedule 1): civil dates in Europe/London, GOV.UK bank holidays per
 * division, rules for years not yet published (provisional), deadlines with explanations. Pure and
 * domain-free: the calendar module stores versions, imports and one-off holidays and builds these.
 */
export {
  addDays,
  addMonthsClamped,
  CalendarInputError,
  formatLong,
  formatShort,
  isCivilDate,
  isWeekend,
  MAX_YEAR,
  MIN_YEAR,
  parseCivilDate,
  yearOf,
  type CivilDate,
} from './civil-date.ts';
export { civilDateInLondon, endOfDayLondon } from './london.ts';
export { DEFAULT_DIVISION, DIVISION_LABELS, DIVISIONS, isDivision, type Division } from './divisions.ts';
export {
  BankHolidaysFormatError,
  bankHolidaysSchema,
  fingerprintBankHolidays,
  MAX_BANK_HOLIDAYS_BYTES,
  mergeBankHolidays,
  parseBankHolidays,
  yearsIn,
  type BankHolidayEvent,
  type BankHolidaysData,
} from './bank-holidays-format.ts';
export { SHIPPED_BANK_HOLIDAYS, SHIPPED_SNAPSHOT_SHA256 } from './snapshot.ts';
export { holidaysByRule } from './rules.ts';
export {
  createCalendar,
  type DayCheck,
  type Deadline,
  type Holiday,
  type HolidaySet,
  type Proclamation,
  type WorkingDayCalendar,
  type WorkingDayCount,
} from './working-day-calendar.ts';
export { affectedRange, diffCalendars, summariseChanges, type HolidayChange, type HolidayState } from './diff.ts';
export { joinList } from './explain.ts';
