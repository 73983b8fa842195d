import { z } from 'zod';

const text = (what: string, max: number) =>
  z
    .string({ message: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`);

/** What a subject module passes when it proposes a change. */
export const proposeInput = z.object({
  title: text('a title for the Variation', 200),
  rationale: text('why the change is needed', 10_000),
});

/** The signed Variation that formalises an agreed change. */
export const formaliseInput = z.object({
  reference: text('the reference of the signed Variation', 100),
});
