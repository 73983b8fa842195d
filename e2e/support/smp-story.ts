import type { Person } from '../pages/accounts.ts';
import type { DeadlineRow } from '../pages/deadlines.ts';

// What the Security Management Plan walk (smp.e2e.ts) types and expects to read back.

export const manager: Person = {
  displayName: 'Sam Security',
  email: 'sam@northwind.example',
  password: 'meadow tundra violet anchor',
};
export const clientRep: Person = {
  displayName: 'Clara Client',
  email: 'clara@example.gov.uk',
  password: 'biscuit anchor violet tundra',
};
export const REF = 'E2E-SMP-1';
export const CONTRACT = {
  agency: 'Northwind Plans',
  client: 'Department for Plans',
  orderReference: REF,
  title: 'Case management service',
  startDate: '2026-11-30',
};

// The days of the walk (London is on UTC in winter, so 09:00 is 09:00Z). The first cycle crosses
// Christmas and New Year 2026, so every Working-Day clock skips bank holidays.
export const DAY = {
  submit: '2026-12-14', // Mon: first submission
  refuse: '2026-12-18', // Fri: notice of non-approval
  remindAgency: '2026-12-29', // Tue: 5 Working Days before the resubmission is due
  remindClient: '2026-12-30', // Wed: 5 Working Days before the approval process must end; the Agency resubmits
  approve: '2027-01-04', // Mon
  review: '2027-12-01', // Wed: the annual review, a Variation proposed and agreed
  formalise: '2027-12-06', // Mon: the signed Variation recorded
} as const;
// Across the turn of the year the skipped days carry their years.
export const CHRISTMAS =
  'skipping 25 Dec 2026 (Christmas Day), 28 Dec 2026 (Boxing Day, substitute day) and 1 Jan 2027 (New Year’s Day)';

// The SMP clocks as the deadlines page should explain them, worked out by hand from the days above.
export type Clock = Pick<DeadlineRow, 'clause' | 'title' | 'owedBy' | 'due' | 'explanation' | 'belongsTo'>;
export const CLOCKS = {
  delivery: {
    clause: 'A4.3.1',
    title: 'Deliver the Security Management Plan for Approval',
    owedBy: 'Agency',
    due: 'Wed 30 Dec 2026',
    explanation:
      'Due Wed 30 Dec 2026: 20 Working Days after the Start Date (Mon 30 Nov 2026), skipping 25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day)',
    belongsTo: 'Version 1',
  },
  approval: {
    clause: 'A4.3.2',
    title: 'Approval process: 15 Working Day target (joint)',
    owedBy: 'Both parties (a joint target)',
    due: 'Thu 7 Jan 2027',
    explanation: `Due Thu 7 Jan 2027: 15 Working Days after its first submission (Mon 14 Dec 2026), ${CHRISTMAS}`,
    belongsTo: 'Version 1',
  },
  // The Client's own clock for each decision (clause 4.3.3), 5 Working Days from the submission.
  decisionV1: {
    clause: 'A4.3.3',
    title: 'The Client’s decision on version 1 of the Security Management Plan',
    owedBy: 'Client',
    due: 'Mon 21 Dec 2026',
    explanation: 'Due Mon 21 Dec 2026: 5 Working Days after the submission of version 1 (Mon 14 Dec 2026)',
    belongsTo: 'Version 1',
  },
  resubmission: {
    clause: 'A4.3.2',
    title: 'Amend and resubmit the Security Management Plan',
    owedBy: 'Agency',
    due: 'Wed 6 Jan 2027',
    explanation: `Due Wed 6 Jan 2027: 10 Working Days after the notice of non-approval (Fri 18 Dec 2026), ${CHRISTMAS}`,
    belongsTo: 'Version 1',
  },
  // A change proposed under paragraph 4.4 runs the same approval cycle (clause 4.3.2).
  variationApproval: {
    clause: 'A4.3.2',
    title: 'Approval process: 15 Working Day target (joint)',
    owedBy: 'Both parties (a joint target)',
    due: 'Wed 22 Dec 2027',
    explanation: 'Due Wed 22 Dec 2027: 15 Working Days after its first submission (Wed 1 Dec 2027)',
    belongsTo: 'Variation 1 (version 3)',
  },
  reviewAfterApproval: {
    clause: 'A4.4.1',
    title: 'Review the Security Management Plan in full',
    owedBy: 'Agency',
    due: 'Tue 4 Jan 2028',
    explanation: 'Due Tue 4 Jan 2028: 12 Months after the first Approval (Mon 4 Jan 2027)',
    belongsTo: 'Version 2',
  },
  reviewAfterReview: {
    clause: 'A4.4.1',
    title: 'Review the Security Management Plan in full',
    owedBy: 'Agency',
    due: 'Fri 1 Dec 2028',
    explanation: 'Due Fri 1 Dec 2028: 12 Months after the last full review (Wed 1 Dec 2027)',
    belongsTo: 'Version 2',
  },
} satisfies Record<string, Clock>;
export const REMINDER = {
  agency: `Due in 5 Working Days: A4.3.2 Amend and resubmit the Security Management Plan (${REF})`,
  joint: `Due in 5 Working Days: A4.3.2 Approval process: 15 Working Day target (joint) (${REF})`,
};
/** A notification's subject about a version: a revision of the plan in force is named by its Variation first. */
export const subjectOf = (
  version: number,
  what: 'submitted for Approval' | 'not Approved' | 'Approved',
  variation?: number,
) =>
  `Security Management Plan ${variation ? `Variation ${variation} (version ${version})` : `version ${version}`} ${what} (${REF})`;

export const REFUSAL = {
  reason: 'The plan does not say how a third party’s access ends when their contract ends',
  clause: '4.2.1(c)',
};
export const TRANSITION =
  'In the first month we take the service over from the old supplier. We check every account, replace shared passwords, move the backups to our own data centre, and only then take over live support from them.';
export const THIRD_PARTIES_V2 =
  'Before a supplier gets access to the Services or to Government Data we assess their controls, write the security terms into their contract, and review their access every six months. When their contract ends we remove their access on the same day and they return or destroy Government Data.';
export const MEASURES_V3 =
  'We apply security patches within seven days, use multi-factor authentication for every account, and back up data every night to a second site. We handle incidents as the [[doc: Incident Response Policy]] sets out.';
