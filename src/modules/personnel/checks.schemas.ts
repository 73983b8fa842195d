import { z } from 'zod';
import { civilDate, requiredText } from '../../platform/validation/index.ts';

/** The pre-employment checks of annex 6.1, and the employment history full BPSS adds. */
export const CHECK_KINDS = ['identity', 'criminal-record', 'right-to-work', 'employment-history'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** The checks a person needs before they are "checks complete" (6.1); employment history is for BPSS only. */
export const REQUIRED_CHECKS: readonly CheckKind[] = ['identity', 'criminal-record', 'right-to-work'];

export const CHECK_LABELS: Record<CheckKind, string> = {
  identity: 'Identity',
  'criminal-record': 'Unspent criminal convictions',
  'right-to-work': 'Right to work',
  'employment-history': 'Employment history (3 years, full BPSS)',
};

export const CHECK_OUTCOMES = ['passed', 'not-passed', 'pending'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];
export const OUTCOME_LABELS: Record<CheckOutcome, string> = {
  passed: 'Passed',
  'not-passed': 'Not passed',
  pending: 'Pending',
};

/** How unspent convictions are checked, by the part of the UK the person lives or works in. */
export const CRIMINAL_RECORD_METHODS = ['basic-dbs', 'disclosure-scotland', 'accessni'] as const;
export const CRIMINAL_RECORD_METHOD_LABELS: Record<(typeof CRIMINAL_RECORD_METHODS)[number], string> = {
  'basic-dbs': 'Basic DBS check (England and Wales)',
  'disclosure-scotland': 'Basic disclosure from Disclosure Scotland',
  accessni: 'Basic check from AccessNI (Northern Ireland)',
};

/**
 * One check as recorded: outcome, date, who checked, how and where the evidence is held. Never a
 * copy of an identity document nor the details of a conviction (data minimisation).
 */
export const checkInput = (kind: CheckKind) =>
  z.object({
    outcome: z.enum(CHECK_OUTCOMES, { message: 'Select the outcome of the check' }),
    checkedOn: civilDate('the date of the check'),
    checkedBy: requiredText('who carried out the check'),
    method:
      kind === 'criminal-record'
        ? z.enum(CRIMINAL_RECORD_METHODS, { message: 'Select how unspent convictions were checked' })
        : requiredText('how it was checked'),
    evidenceRef: requiredText('where the evidence is held', 500),
  });

/** A check as the Agency security manager sees it. */
export interface CheckRecord {
  kind: CheckKind;
  outcome: CheckOutcome;
  checkedOn: string;
  checkedBy: string;
  method: string;
  evidenceRef: string;
  recordedAt: string;
}

/** What every reader of the register may know: complete, or which required checks have not passed. */
export interface CheckSummary {
  complete: boolean;
  /** The required checks not (yet) passed, in the order of annex 6.1: not why. */
  missing: CheckKind[];
}

export function summarise(passed: ReadonlySet<string>): CheckSummary {
  const missing = REQUIRED_CHECKS.filter((k) => !passed.has(k));
  return { complete: missing.length === 0, missing };
}
