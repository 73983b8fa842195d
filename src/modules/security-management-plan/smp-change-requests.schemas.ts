import { z } from 'zod';
import { requiredText } from '../../platform/validation/index.ts';

/** A change the Client's Representative asks for (clause 4.4.1(e)): what should change, and why. */
export const changeRequestInput = z.object({
  what: requiredText('what should change in the plan', 10_000),
  why: requiredText('why the change is needed', 10_000),
});

/** The Client no longer wants the change: the reason goes to the Agency. */
export const withdrawRequestInput = z.object({ reason: requiredText('why you withdraw the request', 2000) });

/** The plan's settings: the Working Days to formalise a fast-tracked change (clause 4.4.4). */
export const settingsInput = z.object({
  formaliseWithinDays: z.coerce
    .number({ message: 'Enter a number of Working Days from 1 to 60' })
    .int('Enter a whole number of Working Days from 1 to 60')
    .min(1, 'Enter a number of Working Days from 1 to 60')
    .max(60, 'Enter a number of Working Days from 1 to 60'),
});
