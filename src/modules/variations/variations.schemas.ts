import { z } from 'zod';
import { civilDate } from '../../platform/validation/index.ts';

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

/** The formal record one party proposes for an agreed change: the signed Variation's reference and date. */
export const formalRecordInput = z.object({
  reference: text('the reference of the signed Variation', 100),
  date: civilDate('the date of the signed Variation'),
});

/** Why a party declines a formal record or withdraws a proposal. */
export const reasonInput = (what: string) => z.object({ reason: text(what, 2000) });
