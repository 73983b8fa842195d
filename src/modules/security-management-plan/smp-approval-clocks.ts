import type { DeadlineBelongsTo, DeadlinesService } from '../deadlines/index.ts';
import type { Actor } from '../../platform/kernel/index.ts';

const SMP = { type: 'system', name: 'smp' } as const;

/** The joint target's title: the same words in lists, reminders, the calendar feed and the migration of older rows. */
export const APPROVAL_TARGET_TITLE = 'Approval process: 15 Working Day target (joint)';

/**
 * How long the Client's Representative has for each decision. Clause 4.3.3 gives no period ("shall
 * not unreasonably withhold or delay"); 5 Working Days lets a refusal, the Agency's amendment and a
 * decision on the resubmission fit inside the Parties' joint 15 when the Agency resubmits within 5
 * of its 10 Working Days (see docs/paragraph-4.md).
 */
export const DECISION_WORKING_DAYS = 5;

/**
 * Clause 4.3.2: "The Parties will use all reasonable endeavours to ensure that the approval process
 * takes … no longer than fifteen (15) Working Days from the date of its first submission". A target
 * both parties share (owner `both`), started by a cycle's first submission.
 */
export async function startApprovalTarget(
  deadlines: DeadlinesService,
  at: { contractId: string; planId: string; today: string; belongsTo: DeadlineBelongsTo },
) {
  await deadlines.create(SMP, at.contractId, {
    kind: 'smp.approval',
    clause: 'A4.3.2',
    title: APPROVAL_TARGET_TITLE,
    ownerParty: 'both',
    subjectType: 'smp',
    subjectId: at.planId,
    belongsTo: at.belongsTo,
    triggerLabel: 'its first submission',
    triggerDate: at.today,
    ruleKind: 'working-days',
    ruleCount: 15,
  });
}

/** The matter went to the Dispute Resolution Procedure: the joint target stops (no more reminders); a later cycle starts its own. */
export async function stopApprovalTarget(
  deadlines: DeadlinesService,
  actor: Actor,
  contractId: string,
  planId: string,
) {
  for (const d of await deadlines.outstandingFor(contractId, 'smp.approval', planId))
    await deadlines.stop(actor, d.id, 'The matter went to the Dispute Resolution Procedure');
}

/**
 * The Client's own clock for deciding on one submitted version (clause 4.3.3), owed by the Client and
 * named after the version (or Variation), so its reminders cannot be mistaken for the joint target.
 */
export async function startDecisionClock(
  deadlines: DeadlinesService,
  at: {
    contractId: string;
    planId: string;
    today: string;
    version: { number: number };
    variation?: { number: number } | undefined;
    belongsTo: DeadlineBelongsTo;
  },
) {
  const what = at.variation
    ? `Variation ${at.variation.number} (version ${at.version.number})`
    : `version ${at.version.number}`;
  await deadlines.create(SMP, at.contractId, {
    kind: 'smp.decision',
    clause: 'A4.3.3',
    title: `The Client’s decision on ${what} of the Security Management Plan`,
    ownerParty: 'client',
    subjectType: 'smp',
    subjectId: at.planId,
    belongsTo: at.belongsTo,
    triggerLabel: `the submission of ${what}`,
    triggerDate: at.today,
    ruleKind: 'working-days',
    ruleCount: DECISION_WORKING_DAYS,
  });
}

/** The Client decided (either way): its decision clock is met. */
export async function meetDecisionClock(deadlines: DeadlinesService, actor: Actor, contractId: string, planId: string) {
  for (const d of await deadlines.outstandingFor(contractId, 'smp.decision', planId)) await deadlines.meet(actor, d.id);
}

/** The version awaiting a decision was withdrawn: there is nothing left to decide, so its clock stops. */
export async function stopDecisionClock(
  deadlines: DeadlinesService,
  actor: Actor,
  contractId: string,
  planId: string,
  reason: string,
) {
  for (const d of await deadlines.outstandingFor(contractId, 'smp.decision', planId))
    await deadlines.stop(actor, d.id, reason);
}
