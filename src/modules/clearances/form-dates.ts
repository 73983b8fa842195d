import { ValidationError } from '../../platform/kernel/index.ts';
import { dateFromParts } from '../../platform/validation/index.ts';

/** A GOV.UK date input of a form: required, or optional (all three boxes empty means none). */
export interface FormDate {
  name: string;
  label: string;
  optional?: boolean;
}

/** A civil date as a form's three boxes, for showing a stored date in a form. */
export const dateParts = (date: string | null | undefined, name: string): Record<string, string> => {
  if (!date) return {};
  const [y, m, d] = date.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

/**
 * Runs a service call with the form's GOV.UK date inputs read into YYYY-MM-DD fields. A date that
 * is wrong is passed on as something the service's schema refuses, so every other field is still
 * checked, and the date's own message ("must be a real date") replaces the schema's.
 */
export async function withFormDates<T>(
  body: unknown,
  dates: readonly FormDate[],
  run: (input: Record<string, unknown>) => Promise<T>,
): Promise<T> {
  const form = (body ?? {}) as Record<string, unknown>;
  const input: Record<string, unknown> = { ...form };
  const errors: Record<string, string> = {};
  for (const d of dates) {
    const blank = ['day', 'month', 'year'].every((p) => !String(form[`${d.name}-${p}`] ?? '').trim());
    if (blank && d.optional) {
      input[d.name] = null;
      continue;
    }
    const parsed = dateFromParts(form, d.name, d.label);
    input[d.name] = parsed.value ?? (d.optional ? 'not a date' : undefined);
    if (parsed.error) errors[d.name] = parsed.error;
  }
  try {
    return await run(input);
  } catch (err) {
    if (err instanceof ValidationError && Object.keys(errors).length)
      throw new ValidationError({ ...err.fields, ...errors });
    throw err;
  }
}
