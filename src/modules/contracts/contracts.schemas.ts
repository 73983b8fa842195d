import { DEFAULT_DIVISION, DIVISION_LABELS, DIVISIONS } from '../../platform/calendar/index.ts';
import { z } from 'zod';
import { CONTRACT_ROLES } from '../../platform/auth/index.ts';
import { civilDate, optionalText, requiredText } from '../../platform/validation/index.ts';

const id = (message: string) => z.string({ message }).uuid(message);
const optionalId = (message: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.string().uuid(message).nullable());
const yesNo = (message: string) =>
  z.union([z.boolean(), z.enum(['yes', 'no'], { message })], { message }).transform((v) => v === true || v === 'yes');

/** Fields an administrator can change after creation. The parties are fixed: change them with a new contract. */
const contractDetails = z.object({
  title: requiredText('the contract title', 300),
  startDate: civilDate('the Start Date'),
  clientRepresentativeUserId: optionalId("Select the Client's Representative"),
  oversightOrganisationId: optionalId('Select an oversight body'),
  securityPolicyApplies: yesNo("Select yes if the Client's Security Policy applies"),
  /** The contractual clock: England and Wales (Joint Schedule 1) unless the contract explicitly says otherwise. */
  workingDayDivision: z
    .enum(DIVISIONS, { message: 'Select whose bank holidays the contract’s Working Days skip' })
    .default('england-and-wales'),
  /** Required with any other division: the contract departs from Joint Schedule 1, so the record says why. */
  workingDayDivisionReason: optionalText('the reason for counting Working Days in another division', 1000),
  oversightMayEnforce: yesNo('Select yes if an oversight body may enforce the Client’s rights'),
  notes: optionalText('notes', 5000),
});

/**
 * Another division than England and Wales needs its reason; England and Wales needs none, and any
 * reason left over from another division is dropped with it.
 */
function divisionReason<T extends z.output<typeof contractDetails>>(data: T, ctx: z.RefinementCtx) {
  if (data.workingDayDivision !== DEFAULT_DIVISION && !data.workingDayDivisionReason)
    ctx.addIssue({
      code: 'custom',
      path: ['workingDayDivisionReason'],
      message: `Enter why this contract counts Working Days in ${DIVISION_LABELS[data.workingDayDivision]} rather than England and Wales`,
    });
}
const withDivisionReason = <T extends z.output<typeof contractDetails>>(data: T) => ({
  ...data,
  workingDayDivisionReason: data.workingDayDivision === DEFAULT_DIVISION ? null : data.workingDayDivisionReason,
});

export const contractDetailsInput = contractDetails.superRefine(divisionReason).transform(withDivisionReason);

export const createContractInput = contractDetails
  .extend({
    orderReference: requiredText('the order reference', 100).pipe(
      z
        .string()
        .regex(
          /^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/,
          'Order reference must only include letters, numbers, spaces and . _ / -',
        ),
    ),
    agencyOrganisationId: id('Select the Agency'),
    clientOrganisationId: id('Select the Client'),
  })
  .superRefine(divisionReason)
  .transform(withDivisionReason);
export type CreateContractInput = z.output<typeof createContractInput>;

export const grantRoleInput = z.object({
  userId: id('Select a person'),
  role: z.enum(CONTRACT_ROLES, { message: 'Select a role' }),
});

export const contractOutput = z.object({
  id: z.string(),
  orderReference: z.string(),
  title: z.string(),
  startDate: z.string(),
  agencyOrganisationId: z.string(),
  clientOrganisationId: z.string(),
  oversightOrganisationId: z.string().nullable(),
  clientRepresentativeUserId: z.string().nullable(),
  securityPolicyApplies: z.boolean(),
  workingDayDivision: z.enum(DIVISIONS),
  workingDayDivisionReason: z
    .string()
    .nullable()
    .describe('Why the contract counts Working Days in another division than England and Wales (Joint Schedule 1)'),
  oversightMayEnforce: z.boolean(),
  notes: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contract = z.output<typeof contractOutput>;

export const membershipOutput = z.object({
  id: z.string(),
  contractId: z.string(),
  userId: z.string(),
  role: z.enum(CONTRACT_ROLES),
  createdAt: z.string(),
});
export type Membership = z.output<typeof membershipOutput>;
