import { z } from 'zod';
import {
  isCivilDate,
  isDivision,
  MAX_YEAR,
  MIN_YEAR,
  yearOf,
  type Division,
  type HolidayChange,
} from '../../platform/calendar/index.ts';
import { optionalText, requiredText } from '../../platform/validation/index.ts';
import type { CalendarVersionKind } from './calendar.tables.ts';

const SELECT_DIVISIONS = 'Select where the holiday applies';

/** The most Working Days the calculator page and the CLI count (about eight years). */
export const MAX_WORKING_DAYS = 2000;

/** A one-off holiday (a royal proclamation, say): the day, its name, where it applies and why it is added. */
export const addHolidayInput = z.object({
  date: z
    .string({ error: 'Enter the date of the holiday' })
    .refine((d) => isCivilDate(d), 'Enter the date of the holiday as a real date, for example 8 5 2030')
    .refine(
      (d) => !isCivilDate(d) || (yearOf(d) >= MIN_YEAR && yearOf(d) <= MAX_YEAR),
      `The date of the holiday must be between ${MIN_YEAR} and ${MAX_YEAR}`,
    ),
  title: requiredText('the name of the holiday', 200),
  // A form sends one checkbox as a string and several as a list.
  divisions: z
    .union([z.string(), z.array(z.string())], { error: SELECT_DIVISIONS })
    .transform((v) => [...new Set([v].flat())])
    .refine((v) => v.length >= 1 && v.every(isDivision), SELECT_DIVISIONS)
    .transform((v) => v as Division[]),
  reason: requiredText('why the holiday is being added', 1000),
});
export type AddHolidayInput = z.output<typeof addHolidayInput>;

export const removeHolidayInput = z.object({
  holidayId: z.string({ error: 'Select the holiday to remove' }),
  reason: optionalText('the reason', 1000),
});

export const importInput = z.object({
  json: z
    .string({ error: 'Paste the contents of bank-holidays.json' })
    .refine((s) => s.trim().length > 0, 'Paste the contents of bank-holidays.json'),
});

/** A one-off holiday as the service returns it. */
export interface OneOffHoliday {
  id: string;
  date: string;
  title: string;
  divisions: Division[];
  reason: string;
  createdBy: string;
  createdAt: string;
  addedInVersion: number;
}

/** A version of the calendar and what it changed. */
export interface CalendarVersion {
  version: number;
  kind: CalendarVersionKind;
  summary: string;
  changes: HolidayChange[];
  createdBy: string;
  createdAt: string;
}

export const VERSION_KIND_LABELS: Record<CalendarVersionKind, string> = {
  initial: 'Shipped GOV.UK data loaded',
  snapshot: 'Newer shipped GOV.UK data loaded',
  import: 'GOV.UK data loaded',
  'holiday-added': 'One-off holiday added',
  'holiday-removed': 'One-off holiday removed',
};
