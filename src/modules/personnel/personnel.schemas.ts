import { z } from 'zod';
import { civilDate, emailField, optionalText, requiredText } from '../../platform/validation/index.ts';
import type { PersonStatus } from './person-status.ts';
import type { CheckSummary } from './checks.schemas.ts';

const yes = z
  .union([z.boolean(), z.enum(['yes', 'no', '']), z.array(z.string())])
  .optional()
  .transform((v) => v === true || v === 'yes' || (Array.isArray(v) && v.includes('yes')));

const realDate = (v: unknown): v is string => {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
};

const optionalDate = (label: string) =>
  z
    .union([z.literal(''), z.null(), civilDate(label)])
    .optional()
    .transform((v) => v || null);

const personFields = z.object({
  name: requiredText('their full name'),
  email: emailField,
  employer: z.enum(['agency', 'subcontractor'], { message: 'Select who employs them' }),
  subcontractor: optionalText('the Subcontractor’s name', 200),
  jobTitle: requiredText('their role or job title'),
  startDate: civilDate('their start date'),
  endDate: optionalDate('their end date'),
  leaving: yes,
  externalId: optionalText('the employee ID', 200),
  userId: z
    .union([z.literal(''), z.null(), z.uuid({ message: 'Select their Custodian account from the list' })])
    .optional()
    .transform((v) => v || null),
});

function checkPerson(p: z.output<typeof personFields>, ctx: z.RefinementCtx) {
  if (p.employer === 'subcontractor' && !p.subcontractor)
    ctx.addIssue({ code: 'custom', path: ['subcontractor'], message: 'Enter the Subcontractor’s name' });
  if (realDate(p.startDate) && realDate(p.endDate) && p.endDate! < p.startDate)
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'The end date must be on or after the start date' });
}

/** A person as the form and the API give them; the employer is the Agency or a named Subcontractor. */
// The refinement runs beside the fields' own messages, so a form shows every problem at once.
export const personInput = personFields.superRefine(checkPerson, { when: () => true });

/**
 * A person as the identity provider feeds them (docs/scim.md): the same rules, except that the role
 * may be blank, since a SCIM User need not carry a `title` (Entra ID's own examples do not).
 */
export const directoryPersonInput = personFields
  .extend({ jobTitle: optionalText('their role or job title', 200) })
  .superRefine(checkPerson, { when: () => true });

export type PersonInput = z.input<typeof personInput>;
export type PersonData = z.output<typeof personInput>;

/** A person on the register as services, pages and the API give them. */
export interface Person {
  id: string;
  contractId: string;
  name: string;
  /** The named Subcontractor employing them; null when the Agency does. */
  subcontractor: string | null;
  email: string;
  jobTitle: string;
  startDate: string;
  endDate: string | null;
  /** Marked as leaving (before an end date is known). */
  leaving: boolean;
  status: PersonStatus;
  userId: string | null;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A person with what every reader of the register may know about their pre-employment checks. */
export interface PersonWithChecks extends Person {
  checks: CheckSummary;
}
