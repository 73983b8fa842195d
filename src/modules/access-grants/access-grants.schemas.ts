import { z } from 'zod';
import { civilDate, requiredText } from '../../platform/validation/index.ts';

/** How much a grant lets its holder do (least privilege, annex 6.5). */
export const ACCESS_LEVELS = ['standard', 'elevated', 'administrator'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
export const LEVEL_LABELS: Record<AccessLevel, string> = {
  standard: 'Standard',
  elevated: 'Elevated',
  administrator: 'Administrator',
};
/** Elevated and administrator access: "no longer needed" starts a revocation clock (6.5). */
export const PRIVILEGED_LEVELS: readonly AccessLevel[] = ['elevated', 'administrator'];

export type RevocationCause = 'marked-leaving' | 'end-date' | 'not-needed' | 'review';
export const CAUSE_LABELS: Record<RevocationCause, string> = {
  'marked-leaving': 'marked as leaving',
  'end-date': 'end date arrived',
  'not-needed': 'no longer needed',
  review: 'removed at an access review',
};

export type GrantStatus = 'current' | 'revoking' | 'revoked';
export const GRANT_STATUS_LABELS: Record<GrantStatus, string> = {
  current: 'Current',
  revoking: 'To be revoked',
  revoked: 'Revoked',
};

export const EXCEPTION_KINDS = ['checks-incomplete', 'clearance-missing'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];
export const EXCEPTION_KIND_LABELS: Record<ExceptionKind, string> = {
  'checks-incomplete': 'Access before the pre-employment checks are complete (6.1)',
  'clearance-missing': 'Access without the clearance the system’s roles need (6.3)',
};
export type ExceptionStatus = 'open' | 'agreed' | 'closed';

/** A grant as the security manager records it (the date may come from a GOV.UK date input). */
export const grantInput = z.object({
  personId: z.uuid({ message: 'Select the person' }),
  systemId: z.uuid({ message: 'Select the system' }),
  level: z.enum(ACCESS_LEVELS, { message: 'Select the level of access' }),
  reason: requiredText('why they need this access', 1000),
  grantedOn: civilDate('the date access was granted'),
  /** Grant although the checks are incomplete, recording an exception the Client sees (6.1). */
  exceptionReason: z
    .string()
    .max(2000, 'The reason for the exception must be 2000 characters or fewer')
    .optional()
    .transform((v) => v?.trim() ?? ''),
});
export type GrantInput = z.input<typeof grantInput>;

/** A revocation as done: when, by whom, how, and where the evidence is held. */
export const revocationInput = z.object({
  revokedOn: civilDate('the date access was revoked'),
  revokedBy: requiredText('who revoked the access'),
  method: requiredText('how the access was revoked', 500),
  evidenceRef: requiredText('where the evidence is held', 500),
});

/** The Client's written agreement of an exception (6.3): who, when (now), until when, why. */
export const agreementInput = z.object({
  until: civilDate('the date the agreement lasts until'),
  why: requiredText('why the Client agrees', 2000),
});

/** A grant as services give it. */
export interface Grant {
  id: string;
  contractId: string;
  personId: string;
  personName: string;
  systemId: string;
  systemName: string;
  level: AccessLevel;
  reason: string;
  grantedOn: string;
  grantedBy: string;
  source: string;
  createdAt: string;
  status: GrantStatus;
  revocation: Revocation | null;
}

export interface Revocation {
  deadlineId: string | null;
  cause: RevocationCause;
  causeDate: string;
  requestedAt: string;
  revokedOn: string | null;
  revokedBy: string | null;
  method: string | null;
  evidenceRef: string | null;
  recordedAt: string | null;
}

export interface AccessException {
  id: string;
  contractId: string;
  personId: string;
  personName: string;
  grantId: string;
  kind: ExceptionKind;
  reason: string;
  missing: string[];
  status: ExceptionStatus;
  raisedAt: string;
  agreedBy: string | null;
  agreedAt: string | null;
  agreedUntil: string | null;
  agreedWhy: string | null;
  closedAt: string | null;
  closedReason: string | null;
}
