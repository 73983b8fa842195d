import { ValidationError } from '../../platform/kernel/index.ts';
import { dateFromParts } from '../../platform/validation/index.ts';
import type { Person } from './personnel.schemas.ts';

const parts = (date: string | null, name: string) => {
  if (!date) return {};
  const [y, m, d] = date.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
};

/** The person form's values for a person: radios and checkboxes take words, dates come in parts. */
export const formValues = (p: Person) => ({
  name: p.name,
  email: p.email,
  employer: p.subcontractor === null ? 'agency' : 'subcontractor',
  subcontractor: p.subcontractor ?? '',
  jobTitle: p.jobTitle,
  ...parts(p.startDate, 'startDate'),
  ...parts(p.endDate, 'endDate'),
  leaving: p.leaving ? 'yes' : '',
  externalId: p.externalId ?? '',
  userId: p.userId ?? '',
});

/**
 * Runs a service call with the form's GOV.UK date inputs read into `startDate` (required) and
 * `endDate` (optional: all three boxes empty means none). A date's own message ("must be a real
 * date") replaces the schema's.
 */
export async function withPersonDates<T>(
  body: unknown,
  run: (input: Record<string, unknown>) => Promise<T>,
): Promise<T> {
  const form = (body ?? {}) as Record<string, unknown>;
  const start = dateFromParts(form, 'startDate', 'their start date');
  const endBlank = ['day', 'month', 'year'].every((p) => !String(form[`endDate-${p}`] ?? '').trim());
  const end = endBlank ? {} : dateFromParts(form, 'endDate', 'their end date');
  const dateErrors = {
    ...(start.error && { startDate: start.error }),
    ...(end.error && { endDate: end.error }),
  };
  try {
    const result = await run({ ...form, startDate: start.value, endDate: end.value ?? null });
    return result;
  } catch (err) {
    if (err instanceof ValidationError && Object.keys(dateErrors).length)
      throw new ValidationError({ ...err.fields, ...dateErrors });
    throw err;
  }
}
