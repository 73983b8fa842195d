import { partyLeads, type Contract, type Membership } from '../contracts/index.ts';
import type { AuditLog } from '../audit-log/index.ts';
import type { DeadlinesService } from '../deadlines/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import { civilDateInLondon } from '../../platform/calendar/index.ts';
import type { SmpPlansTable, SmpReviewsTable, SmpTables } from './smp.tables.ts';
import { fromJson, toJson, type UnitOfWork } from '../../platform/db/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { actorId, ConflictError, iso, newId, type Actor, type Clock } from '../../platform/kernel/index.ts';
import { restartReviewClock } from './smp-clocks.ts';
import { smpRepository } from './smp.repository.ts';
import { REVIEW_TRIGGERS, reviewInput, type ReviewTrigger } from './smp.schemas.ts';
import type { SmpVersion } from './smp.service.ts';

export interface SmpReviewDeps {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  deadlines: DeadlinesService;
  notifications: NotificationsService;
  contracts: { get(id: string): Promise<Contract>; memberships(id: string): Promise<Membership[]> };
  plans: {
    ensurePlan(contractId: string): Promise<SmpPlansTable>;
    draftIn(actor: Actor, plan: SmpPlansTable, contractId: string): Promise<SmpVersion>;
  };
}

export type SmpReview = Omit<SmpReviewsTable, 'triggers'> & { triggers: ReviewTrigger[] };
export type SmpReviewService = ReturnType<typeof createSmpReviewService>;

/**
 * The full review of the plan in force, at least every 12 Months (clause 4.4.1): what prompted it,
 * its results, which go to the Client (4.4.2), and the draft it starts when the plan must change —
 * a draft that then goes to the Client as a Variation (4.4.3). Meets the review clock and starts the next.
 */
export function createSmpReviewService(deps: SmpReviewDeps) {
  const { uow, clock, audit } = deps;
  const repo = smpRepository(uow.tables<SmpTables>());
  const toReview = (r: SmpReviewsTable): SmpReview => ({ ...r, triggers: fromJson<ReviewTrigger[]>(r.triggers) });

  return {
    list: async (contractId: string) =>
      (await repo.reviews((await deps.plans.ensurePlan(contractId)).id)).map(toReview),

    /** The running review clock, if a plan is in force: when the next full review is due and what the 12 Months count from. */
    async nextReview(contractId: string) {
      const plan = await deps.plans.ensurePlan(contractId);
      const [d] = await deps.deadlines.outstandingFor(contractId, 'smp.review', plan.id);
      return d ? { dueDate: d.dueDate, countedFrom: d.trigger.label, since: d.trigger.date } : undefined;
    },

    async complete(
      actor: Actor,
      contractId: string,
      input: unknown,
    ): Promise<{ review: SmpReview; draft?: SmpVersion }> {
      const data = parseInput(reviewInput, input);
      return uow.transaction(async () => {
        const plan = await deps.plans.ensurePlan(contractId);
        if (!plan.in_force_version_id)
          throw new ConflictError(
            'smp_not_in_force',
            'There is no plan in force to review yet: the first plan must be Approved before its annual review',
          );
        const contract = await deps.contracts.get(contractId);
        const clientLeads = partyLeads(contract, await deps.contracts.memberships(contractId), 'client');
        const draft = data.changesNeeded === 'yes' ? await deps.plans.draftIn(actor, plan, contractId) : undefined;
        const row: SmpReviewsTable = {
          id: newId(),
          plan_id: plan.id,
          reviewed_version_id: plan.in_force_version_id!,
          triggers: toJson(data.triggers),
          trigger_notes: data.triggerNotes,
          improvements: data.improvements,
          risk_updates: data.riskUpdates,
          measurement: data.measurement,
          draft_version_id: draft?.id ?? null,
          completed_by: actorId(actor),
          completed_at: iso(clock.now()),
        };
        await repo.insertReview(row);
        await restartReviewClock(deps.deadlines, actor, {
          contractId,
          planId: plan.id,
          today: civilDateInLondon(clock.now()),
          after: 'the last full review',
          version: (await repo.version(plan.in_force_version_id!))!,
        });
        await audit.record({
          actor,
          action: 'smp-review.complete',
          contractId,
          resource: { type: 'smp-review', id: row.id },
          details: { triggers: data.triggers, draft: draft?.number ?? null },
        });
        await deps.notifications.enqueueMany(
          clientLeads.map((userId) => ({
            userId,
            contractId,
            kind: 'smp.review',
            key: `smp-review:${row.id}:${userId}`,
            link: `/contracts/${contractId}/smp/reviews`,
            subject: `Results of the Security Management Plan review (${contract.orderReference})`,
            text: [
              `The Agency has completed a full review of the Security Management Plan for ${contract.orderReference} – ${contract.title} (clause 4.4.2).`,
              `Prompted by:\n${data.triggers.map((t) => `- ${REVIEW_TRIGGERS[t]}`).join('\n')}${data.triggerNotes ? `\n${data.triggerNotes}` : ''}`,
              `(a) Suggested improvements to the plan:\n${data.improvements}`,
              `(b) Updates to the risk assessments:\n${data.riskUpdates}`,
              `(c) Suggested improvements in measuring the effectiveness of controls:\n${data.measurement}`,
              draft
                ? `The plan needs to change: the Agency is preparing version ${draft.number}, which will come to you as a Variation.`
                : 'The Agency proposes no change to the plan.',
            ].join('\n\n'),
          })),
        );
        return { review: toReview(row), ...(draft ? { draft } : {}) };
      });
    },
  };
}
