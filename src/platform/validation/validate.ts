import { z } from 'zod';
import { ValidationError } from '../kernel/index.ts';

/**
 * Parses input with a zod schema; on failure throws ValidationError with the first message for each
 * field, in form order, so pages can show GOV.UK error summaries and APIs a 422 with details.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_form';
    fields[key] ??= issue.message;
  }
  throw new ValidationError(fields);
}

/** A required single-line text field with GOV.UK wording. */
export const requiredText = (label: string, max = 200) =>
  z
    .string({ message: `Enter ${label}` })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, `Enter ${label}`)
        .max(max, `${capitalise(label)} must be ${max} characters or fewer`),
    );

export const optionalText = (label: string, max = 2000) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(z.string().max(max, `${capitalise(label)} must be ${max} characters or fewer`));

export const emailField = z
  .string({ message: 'Enter an email address' })
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, 'Enter an email address')
      .max(254, 'Email address must be 254 characters or fewer')
      .email('Enter an email address in the correct format, like name@example.com'),
  );

/** An HTML checkbox: present means yes. */
export const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => v !== undefined && v !== '');

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A GOV.UK date input (`<name>-day`, `<name>-month`, `<name>-year`) read from a form body into a
 * civil date string YYYY-MM-DD, with the GOV.UK error messages.
 */
export function dateFromParts(
  body: Record<string, unknown>,
  name: string,
  label: string,
): { value?: string; error?: string } {
  const part = (p: string) => String(body[`${name}-${p}`] ?? '').trim();
  const [d, m, y] = [part('day'), part('month'), part('year')];
  if (!d && !m && !y) return { error: `Enter ${label}` };
  const example = `Enter ${label} in the format 27 3 2026`;
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { error: example };
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso)
    return { error: `${label.charAt(0).toUpperCase() + label.slice(1)} must be a real date` };
  if (Number(y) < 2000 || Number(y) > 2100)
    return { error: `${label.charAt(0).toUpperCase() + label.slice(1)} must be between 2000 and 2100` };
  return { value: iso };
}

/** A civil date (YYYY-MM-DD) for JSON bodies. */
export const civilDate = (label: string) =>
  z.string({ message: `Enter ${label}` }).refine((v) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, `Enter ${label} as a real date in the format 2026-03-27`);

/**
 * Runs a service call with a GOV.UK date input (`<name>-day/-month/-year`) read into `<name>` as
 * YYYY-MM-DD. When the parts are wrong, the date's own message replaces the schema's "Enter …".
 */
export async function withDateInput<T>(
  body: unknown,
  name: string,
  label: string,
  run: (input: Record<string, unknown>) => Promise<T>,
): Promise<T> {
  const form = (body ?? {}) as Record<string, unknown>;
  const date = dateFromParts(form, name, label);
  try {
    return await run({ ...form, [name]: date.value });
  } catch (err) {
    if (date.error && err instanceof ValidationError) throw new ValidationError({ ...err.fields, [name]: date.error });
    throw err;
  }
}
