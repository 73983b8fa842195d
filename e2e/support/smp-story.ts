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
export const admin: Person = {
  displayName: 'Ada Admin',
  email: 'ada@northwind.example',
  password: 'granite harbour lantern moss',
};
export const REF = 'E2E-SMP-1';
export const CONTRACT = {
  agency: 'Northwind Plans',
  client: 'Department for Plans',
  orderReference: REF,
  title: 'Case management service',
  // Set up with the wrong Start Date; the administrator corrects it to Mon 30 Nov 2026 on the first day of the walk.
  startDate: '2026-11-23',
};
export const START_DATE = { day: '30', month: '11', year: '2026' };

// The days of the walk (London is on UTC in winter, so 09:00 is 09:00Z). The first cycle crosses
// Christmas and New Year 2026, so every Working-Day clock skips bank holidays.
export const DAY = {
  startMoved: '2026-12-01', // Tue: the administrator corrects the Start Date
  submit: '2026-12-14', // Mon: first submission, with one open finding confirmed
  refuse: '2026-12-18', // Fri: notice of non-approval
  remindAgency: '2026-12-29', // Tue: 5 Working Days before the resubmission is due
  remindClient: '2026-12-30', // Wed: 5 Working Days before the approval process must end; the Agency resubmits
  refuseAgain: '2027-01-04', // Mon: the second refusal sends the plan to the Dispute Resolution Procedure
  disputeRecorded: '2027-01-11', // Mon: the Agency records the procedure's outcome
  disputeConfirmed: '2027-01-12', // Tue: the Client confirms it
  resubmit: '2027-01-13', // Wed: version 3, a new approval cycle
  approve: '2027-01-15', // Fri
  review: '2027-12-01', // Wed: the Client asks for a change; a review answers it with a Variation, fast-tracked
  formalise: '2027-12-06', // Mon: the signed Variation recorded
} as const;
/** The date the Parties agreed, in the Dispute Resolution Procedure, for the resubmission. */
export const RESUBMIT_BY = { day: '22', month: '1', year: '2027' };
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
      'Due Wed 30 Dec 2026: 20 Working Days after the Start Date (Mon 30 Nov 2026), skipping 25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day). Moved from Mon 21 Dec 2026 because the Start Date changed from Mon 23 Nov 2026 to Mon 30 Nov 2026',
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
  // The Dispute Resolution Procedure's outcome: amend and resubmit by the date the Parties agreed.
  resubmissionAfterDispute: {
    clause: 'A4.3.2',
    title: 'Amend and resubmit the Security Management Plan',
    owedBy: 'Agency',
    due: 'Fri 22 Jan 2027',
    explanation: 'Due Fri 22 Jan 2027: the date the Parties agreed in the outcome of the Dispute Resolution Procedure',
    belongsTo: 'Version 2',
  },
  // The resubmission after the dispute is a first submission: a new approval cycle.
  approvalAfterDispute: {
    clause: 'A4.3.2',
    title: 'Approval process: 15 Working Day target (joint)',
    owedBy: 'Both parties (a joint target)',
    due: 'Wed 3 Feb 2027',
    explanation: 'Due Wed 3 Feb 2027: 15 Working Days after its first submission (Wed 13 Jan 2027)',
    belongsTo: 'Version 3',
  },
  // A change proposed under paragraph 4.4 runs the same approval cycle (clause 4.3.2).
  variationApproval: {
    clause: 'A4.3.2',
    title: 'Approval process: 15 Working Day target (joint)',
    owedBy: 'Both parties (a joint target)',
    due: 'Wed 22 Dec 2027',
    explanation: 'Due Wed 22 Dec 2027: 15 Working Days after its first submission (Wed 1 Dec 2027)',
    belongsTo: 'Variation 1 (version 4)',
  },
  // A fast-tracked change (clause 4.4.4) is formalised through the Variation Procedure: both parties' target.
  formalise: {
    clause: 'A4.4.4',
    title: 'Formalise Variation 1 through the Variation Procedure',
    owedBy: 'Both parties (a joint target)',
    due: 'Wed 22 Dec 2027',
    explanation: 'Due Wed 22 Dec 2027: 15 Working Days after the fast-track Approval (Wed 1 Dec 2027)',
    belongsTo: 'Variation 1',
  },
  reviewAfterApproval: {
    clause: 'A4.4.1',
    title: 'Review the Security Management Plan in full',
    owedBy: 'Agency',
    due: 'Sat 15 Jan 2028',
    explanation: 'Due Sat 15 Jan 2028: 12 Months after the first Approval (Fri 15 Jan 2027)',
    belongsTo: 'Version 3',
  },
  reviewAfterReview: {
    clause: 'A4.4.1',
    title: 'Review the Security Management Plan in full',
    owedBy: 'Agency',
    due: 'Fri 1 Dec 2028',
    explanation: 'Due Fri 1 Dec 2028: 12 Months after the last full review (Wed 1 Dec 2027)',
    belongsTo: 'Version 3',
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

export const REFUSAL_AGAIN = {
  reason: 'Removing a third party’s access on the same day leaves no time to check it was removed everywhere',
  clause: '4.2.1(c)',
};
export const DISPUTE_RESOLUTION =
  'The Parties agreed that the Agency removes a third party’s access within one Working Day of their contract ending, and confirms the removal to the Client in writing. The Agency resubmits the plan by 22 January 2027.';
export const THIRD_PARTIES_V3 =
  'Before a supplier gets access to the Services or to Government Data we assess their controls, write the security terms into their contract, and review their access every six months. When their contract ends we remove their access within one Working Day, confirm the removal to the Client in writing, and they return or destroy Government Data.';
export const CHANGE_REQUEST = {
  what: 'Security measures: apply security patches within seven days rather than fourteen.',
  why: 'The sector alert of October 2027 reports ransomware exploiting flaws within ten days of their disclosure.',
  subject: `The Client asks for a change to the Security Management Plan (request 1) (${REF})`,
};
export const FAST_TRACK = {
  missingReason: 'Say why the change is needed faster than the Variation Procedure allows (clause 4.4.4)',
  reason: 'Ransomware is being used against the sector now: faster patching cannot wait for the signed Variation.',
};
/** The finding left open at the first submission: the document the plan cites is not yet registered. */
export const UNREGISTERED = `“Security measures” refers to “Incident Response Policy”, which is not in the register of documents the parties hold`;
/** The same finding as kept with the submitted version, with its clause. */
export const UNREGISTERED_KEPT = `${UNREGISTERED} (clause 4.2.1(g)) The Agency confirmed it and delivered the plan as it is (clause 4.3.1). Whether the plan meets paragraph 4.2 is the Client’s judgement (clause 4.3.3).`;
/** What the contracts list shows under "Waiting for you". */
export const WAITING = {
  deliver: 'Deliver the Security Management Plan for Approval (Version 1), due 30 December 2026',
  decideV1: 'Decide on version 1 of the Security Management Plan, due 21 December 2026',
  jointV1: 'Approval process: 15 Working Day target (joint) (Version 1), due 7 January 2027',
  resubmit: 'Amend and resubmit the Security Management Plan (Version 2), due 22 January 2027',
};
export const REFUSAL = {
  reason: 'The plan does not say how a third party’s access ends when their contract ends',
  clause: '4.2.1(c)',
};
export const TRANSITION =
  'In the first month we take the service over from the old supplier. We check every account, replace shared passwords, move the backups to our own data centre, and only then take over live support from them.';
export const THIRD_PARTIES_V2 =
  'Before a supplier gets access to the Services or to Government Data we assess their controls, write the security terms into their contract, and review their access every six months. When their contract ends we remove their access on the same day and they return or destroy Government Data.';
export const MEASURES_V4 =
  'We apply security patches within seven days, use multi-factor authentication for every account, and back up data every night to a second site. We handle incidents as the [[doc: Incident Response Policy]] sets out.';
