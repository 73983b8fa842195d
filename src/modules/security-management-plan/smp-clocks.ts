import type { DeadlinesService } from '../deadlines/index.ts';
import type { Actor } from '../../platform/kernel/index.ts';

const SMP = { type: 'system', name: 'smp' } as const;

/**
 * Clause 4.4.1: the plan is fully reviewed at least every 12 Months after the last Approval or
 * review. Closes the running review clock (met by a review, superseded by a new Approval) and starts the next.
 */
export async function restartReviewClock(
  deadlines: DeadlinesService,
  actor: Actor,
  at: { contractId: string; planId: string; today: string; after: 'the last Approval' | 'the last review' },
) {
  for (const d of await deadlines.outstandingFor(at.contractId, 'smp.review', at.planId)) {
    if (at.after === 'the last review') await deadlines.meet(actor, d.id, {});
    else await deadlines.supersede(actor, d.id, undefined);
  }
  await deadlines.create(SMP, at.contractId, {
    kind: 'smp.review',
    clause: 'A4.4.1',
    title: 'Review the Security Management Plan in full',
    ownerParty: 'agency',
    subjectType: 'smp',
    subjectId: at.planId,
    triggerLabel: at.after,
    triggerDate: at.today,
    ruleKind: 'months',
    ruleCount: 12,
  });
}

/** Clause 4.3.2: the Agency amends and resubmits within 10 Working Days of a notice (or of a dispute's outcome). */
export async function startResubmissionClock(
  deadlines: DeadlinesService,
  at: { contractId: string; planId: string; today: string; after: string },
) {
  await deadlines.create(SMP, at.contractId, {
    kind: 'smp.resubmission',
    clause: 'A4.3.2',
    title: 'Amend and resubmit the Security Management Plan',
    ownerParty: 'agency',
    subjectType: 'smp',
    subjectId: at.planId,
    triggerLabel: at.after,
    triggerDate: at.today,
    ruleKind: 'working-days',
    ruleCount: 10,
  });
}
