import { z } from 'zod';
import { civilDate, requiredText } from '../../platform/validation/index.ts';
import { LEVELS, type Level } from './clearance-levels.ts';

/** What is stored; "expired" is shown when an active clearance's review or expiry date has come. */
export const STORED_STATUSES = ['active', 'withdrawn', 'lapsed'] as const;
export const CLEARANCE_STATUSES = ['active', 'expired', 'withdrawn', 'lapsed'] as const;
export type ClearanceStatus = (typeof CLEARANCE_STATUSES)[number];
/** In a vetting officer's words: withdrawn by the vetting authority or sponsor; lapsed when no longer sponsored. */
export const STATUS_LABELS: Record<ClearanceStatus, string> = {
  active: 'Active',
  expired: 'Expired (review or renewal overdue)',
  withdrawn: 'Withdrawn',
  lapsed: 'Lapsed',
};
export const ENDINGS = ['withdrawn', 'lapsed'] as const;
export const ENDING_HINTS: Record<(typeof ENDINGS)[number], string> = {
  withdrawn: 'The vetting authority or the sponsor withdrew it (for example after an aftercare or security concern)',
  lapsed: 'It is no longer sponsored or needed: the person left the role or the sponsor, or it fell out of use',
};

const optionalDate = (label: string) =>
  z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(civilDate(label).nullable());

/** A clearance as the security manager records it; an empty expiry date takes the contract's period. */
export const clearanceInput = z.object({
  level: z.enum(LEVELS, { message: 'Select the clearance level' }),
  sponsor: requiredText('the sponsor'),
  grantedOn: civilDate('the date it was granted'),
  expiresOn: optionalDate('the review or expiry date'),
});

/** A renewal or review: the new grant and review or expiry dates. */
export const renewInput = z.object({
  grantedOn: civilDate('the date it was renewed'),
  expiresOn: optionalDate('the new review or expiry date'),
});

export const endInput = z.object({
  status: z.enum(ENDINGS, { message: 'Select whether it was withdrawn or has lapsed' }),
  endedOn: civilDate('the date'),
  reason: requiredText('why', 2000),
});

/** A contract's own period for a level: a number of years, or "none" for no fixed period. */
export const periodInput = z.object({
  years: z
    .string({ message: 'Enter the number of years, or choose no fixed period' })
    .trim()
    .regex(/^(none|\d{1,2})$/, 'Enter a whole number of years from 1 to 20')
    .transform((v) => (v === 'none' ? null : Number(v)))
    .refine((v) => v === null || (v >= 1 && v <= 20), 'Enter a whole number of years from 1 to 20'),
  basis: requiredText('where the contract’s figure comes from', 500),
});

/** A clearance as services, pages and the API give it. */
export interface Clearance {
  id: string;
  contractId: string;
  personId: string;
  level: Level;
  sponsor: string;
  grantedOn: string;
  expiresOn: string | null;
  status: ClearanceStatus;
  endedOn: string | null;
  endedReason: string | null;
  renewals: number;
  recordedAt: string;
  updatedAt: string;
}
