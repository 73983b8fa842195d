import type { DeadlineBelongsTo, DeadlinesService } from '../deadlines/index.ts';
import type { Actor } from '../../platform/kernel/index.ts';
import { capitalisedVersionName } from './version-name.ts';

const SMP = { type: 'system', name: 'smp' } as const;

/** What a plan clock belongs to, as the deadline lists show it: the version, or the Variation that proposes it. */
export function planVersionRef(
  contractId: string,
  version: { id: string; number: number },
  variation?: { id: string; number: number },
): DeadlineBelongsTo {
  return variation
    ? {
        type: 'variation',
        id: variation.id,
        label: capitalisedVersionName(version, variation),
        link: `/contracts/${contractId}/variations/${variation.id}`,
      }
    : {
        type: 'smp-version',
        id: version.id,
        label: capitalisedVersionName(version),
        link: `/contracts/${contractId}/smp/versions/${version.id}`,
      };
}

/**
 * Clause 4.4.1: the plan is "fully reviewed and updated at least annually". The clock counts from the
 * last full review, or from the first Approval until there has been one — never from a change that
 * took effect in between (a fast-tracked role rename must not put the review off for a year). A
 * review meets the running clock and starts the next; the first Approval starts the first.
 */
export async function restartReviewClock(
  deadlines: DeadlinesService,
  actor: Actor,
  at: {
    contractId: string;
    planId: string;
    today: string;
    after: 'the first Approval' | 'the last full review';
    version: { id: string; number: number };
  },
) {
  for (const d of await deadlines.outstandingFor(at.contractId, 'smp.review', at.planId))
    await deadlines.meet(actor, d.id, {});
  await deadlines.create(SMP, at.contractId, {
    kind: 'smp.review',
    clause: 'A4.4.1',
    title: 'Review the Security Management Plan in full',
    ownerParty: 'agency',
    subjectType: 'smp',
    subjectId: at.planId,
    belongsTo: planVersionRef(at.contractId, at.version),
    triggerLabel: at.after,
    triggerDate: at.today,
    ruleKind: 'months',
    ruleCount: 12,
  });
}

/**
 * Clause 4.3.2: the Agency amends and resubmits within 10 Working Days of a notice (or of a dispute's
 * outcome) — or by the date the Parties agreed in the Dispute Resolution Procedure, a fixed date that
 * no holiday moves.
 */
export async function startResubmissionClock(
  deadlines: DeadlinesService,
  at: {
    contractId: string;
    planId: string;
    today: string;
    after: string;
    agreedDate?: string | undefined;
    belongsTo?: DeadlineBelongsTo;
  },
) {
  await deadlines.create(SMP, at.contractId, {
    kind: 'smp.resubmission',
    clause: 'A4.3.2',
    title: 'Amend and resubmit the Security Management Plan',
    ownerParty: 'agency',
    subjectType: 'smp',
    subjectId: at.planId,
    ...(at.belongsTo ? { belongsTo: at.belongsTo } : {}),
    ...(at.agreedDate
      ? {
          triggerLabel: `the date the Parties agreed in ${at.after}`,
          triggerDate: at.agreedDate,
          ruleKind: 'date' as const,
        }
      : { triggerLabel: at.after, triggerDate: at.today, ruleKind: 'working-days' as const, ruleCount: 10 }),
  });
}
