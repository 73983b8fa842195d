import { z } from 'zod';
import { civilDate, optionalText, requiredText } from '../../platform/validation/index.ts';

/** Annex 6.4: "unless otherwise agreed with the Client in writing, this training must be undertaken annually". */
export const DEFAULT_RECURRENCE_MONTHS = 12;
/** The course every contract has from the start (annex 6.4 names it). */
export const DEFAULT_COURSE = 'Secure information management';
/** The longest other period Custodian records: beyond it, "regular" training is no longer regular. */
export const MAX_RECURRENCE_MONTHS = 36;

export const courseInput = z.object({
  name: requiredText('the course’s name', 200),
  code: optionalText('the course code', 100),
  about: optionalText('what the course covers', 2000),
});
export type CourseData = z.output<typeof courseInput>;

/** The Client's written agreement to another period than 12 Months (annex 6.4). */
export const agreementInput = z.object({
  agreedByName: requiredText('who agreed for the Client', 200),
  agreedOn: civilDate('the date of the written agreement'),
  months: z.coerce
    .number({ message: 'Enter the agreed period in Months' })
    .int('Enter a whole number of Months')
    .min(1, `Enter a number of Months from 1 to ${MAX_RECURRENCE_MONTHS}`)
    .max(MAX_RECURRENCE_MONTHS, `Enter a number of Months from 1 to ${MAX_RECURRENCE_MONTHS}`),
  reason: requiredText('why the Client agreed another period', 2000),
});
export type AgreementData = z.output<typeof agreementInput>;

export const completionInput = z.object({
  courseId: z.uuid({ message: 'Select the course' }),
  completedOn: civilDate('the date it was completed'),
  evidenceRef: requiredText('where the evidence is held', 500),
});
export type CompletionData = z.output<typeof completionInput>;

/** A course as services, pages and the API give it. */
export interface Course {
  id: string;
  contractId: string;
  name: string;
  code: string | null;
  about: string;
  recurrenceMonths: number;
  /** The Client's written agreement to another period; null while the 12 Months of annex 6.4 apply. */
  agreement: {
    agreedByName: string;
    agreedOn: string;
    months: number;
    reason: string;
    recordedBy: string;
    recordedAt: string;
  } | null;
  createdAt: string;
  updatedAt: string;
}

/** One completion; the evidence reference is Agency-internal (only its readers get it). */
export interface Completion {
  id: string;
  personId: string;
  courseId: string;
  completedOn: string;
  evidenceRef?: string;
  source: string;
  recordedAt: string;
}
