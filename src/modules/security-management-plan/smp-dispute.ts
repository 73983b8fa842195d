import type { AuditLog } from '../audit-log/index.ts';
import type { Contract, Party } from '../contracts/index.ts';
import type { DeadlinesService } from '../deadlines/index.ts';
import type { VariationsService } from '../variations/index.ts';
import { civilDateInLondon, formatLong } from '../../platform/calendar/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import type { SmpDisputesTable, SmpPlansTable, SmpTables, SmpVersionsTable } from './smp.tables.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  actorId,
  ConflictError,
  ForbiddenError,
  iso,
  ValidationError,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import { planVersionRef, startResubmissionClock } from './smp-clocks.ts';
import { smpRepository } from './smp.repository.ts';
import { DISPUTE_OUTCOMES, disputeDeclineInput, disputeOutcomeInput } from './smp.schemas.ts';

export interface DisputeContext {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  deadlines: DeadlinesService;
  variations: VariationsService;
  plan(): Promise<SmpPlansTable>;
  contract(): Promise<Contract>;
  leads(contract: Contract, party: Party): Promise<string[]>;
  notify(contract: Contract, people: string[], kind: string, key: string, subject: string, text: string): Promise<void>;
  /** Makes a version the plan in force (as an Approval does). */
  adopt(actor: Actor, version: SmpVersionsTable): Promise<void>;
}

const PARTY = { agency: 'the Agency', client: 'the Client' } as const;
const other = (p: Party): Party => (p === 'agency' ? 'client' : 'agency');

/**
 * The end of the Dispute Resolution Procedure after a second refusal (clause 4.3.2), recorded by both
 * parties: either party's lead records the outcome, the other party's lead confirms it — only then
 * does it take effect — or declines the record with a reason, which clears it. Each step commits
 * with its audit event and tells the other party.
 */
export function disputeSteps(ctx: DisputeContext) {
  const repo = smpRepository(ctx.uow.tables<SmpTables>());

  /** The open dispute, its contract and which party's lead is acting, in one transaction. */
  async function step<T>(
    actor: Actor,
    run: (s: {
      plan: SmpPlansTable;
      dispute: SmpDisputesTable;
      contract: Contract;
      party: Party;
      at: string;
    }) => Promise<T>,
  ): Promise<T> {
    return ctx.uow.transaction(async () => {
      const plan = await ctx.plan();
      const dispute = await repo.openDispute(plan.id);
      if (!dispute) throw new ConflictError('smp_no_dispute', 'The plan is not in dispute');
      const contract = await ctx.contract();
      const id = actorId(actor);
      let acting: Party | undefined;
      for (const p of ['agency', 'client'] as const) if ((await ctx.leads(contract, p)).includes(id)) acting ??= p;
      if (!acting)
        throw new ForbiddenError("Only the Agency's security manager or the Client's Representative can do that");
      return run({ plan, dispute, contract, party: acting, at: iso(ctx.clock.now()) });
    });
  }

  /** Only the other party's lead confirms or declines a recorded outcome: returns the recording party. */
  function otherPartysRecord(d: SmpDisputesTable, party: Party, actor: Actor, verb: 'confirm' | 'decline'): Party {
    if (!d.recorded_at || !d.recorded_party)
      throw new ConflictError('smp_dispute_not_recorded', `No outcome has been recorded yet to ${verb}`);
    if (d.recorded_party === party || d.recorded_by === actorId(actor))
      throw new ConflictError(
        'smp_dispute_own_record',
        `${PARTY[other(d.recorded_party)]} confirms or declines the outcome ${PARTY[d.recorded_party]} recorded`,
      );
    return d.recorded_party;
  }

  const stale = () => new ConflictError('smp_dispute_changed', 'The dispute changed meanwhile: reload the page');

  /** Tells a party's leads (or both parties') about a step. */
  async function tell(contract: Contract, parties: Party[], event: string, key: string, subject: string, text: string) {
    const people = [...new Set((await Promise.all(parties.map((p) => ctx.leads(contract, p)))).flat())];
    await ctx.notify(contract, people, `smp.dispute-${event}`, key, `${subject} (${contract.orderReference})`, text);
  }

  /** The words of an outcome, with the agreed date when there is one. */
  const outcomeWords = (d: Pick<SmpDisputesTable, 'outcome' | 'resubmit_by'>) =>
    `${d.outcome ? DISPUTE_OUTCOMES[d.outcome] : 'No outcome'}${d.resubmit_by ? `, by ${formatLong(d.resubmit_by)}` : ''}`;

  /** What a confirmed outcome does to the disputed version and the clocks. */
  async function apply(actor: Actor, plan: SmpPlansTable, d: SmpDisputesTable, contractId: string, at: string) {
    await repo.updatePlan(plan.id, { refusals_in_cycle: 0, first_submitted_at: null, updated_at: at });
    const version = await repo.version(d.version_id);
    if (!version) return;
    const variation = await ctx.variations.forSubject('smp', version.id);
    if (d.outcome === 'amend-and-resubmit') {
      await startResubmissionClock(ctx.deadlines, {
        contractId,
        planId: plan.id,
        today: civilDateInLondon(ctx.clock.now()),
        after: 'the outcome of the Dispute Resolution Procedure',
        agreedDate: d.resubmit_by ?? undefined,
        belongsTo: planVersionRef(contractId, version, variation),
      });
      return;
    }
    const to = d.outcome === 'approve-as-is' ? 'approved' : 'withdrawn';
    if (!(await repo.transition(version.id, 'not-approved', { status: to, updated_at: at }))) throw stale();
    if (to === 'withdrawn') return;
    // A Variation agreed this way takes effect once formalised, like any other; a first plan (or a
    // revision outside a Variation) is the plan in force at once, as an Approval would make it.
    if (variation) await ctx.variations.agreeAfterDispute(actor, variation, d.resolution ?? '');
    else await ctx.adopt(actor, version);
  }

  return {
    /** One party's lead records the outcome; nothing changes until the other party confirms it. */
    async record(actor: Actor, input: unknown): Promise<SmpDisputesTable> {
      const data = parseInput(disputeOutcomeInput, input);
      return step(actor, async ({ dispute, contract, party, at }) => {
        if (dispute.recorded_at)
          throw new ConflictError(
            'smp_dispute_recorded',
            `${PARTY[dispute.recorded_party ?? 'client']} has already recorded an outcome: confirm it or decline it`,
          );
        const resubmitBy = data.outcome === 'amend-and-resubmit' ? (data.resubmitBy ?? null) : null;
        if (resubmitBy && resubmitBy < civilDateInLondon(ctx.clock.now()))
          throw new ValidationError({ resubmitBy: 'The date the Agency resubmits by must be today or later' });
        const set = {
          outcome: data.outcome,
          resolution: data.resolution,
          resubmit_by: resubmitBy,
          recorded_by: actorId(actor),
          recorded_party: party,
          recorded_at: at,
        };
        if (!(await repo.disputeStep(dispute.id, false, set))) throw stale();
        await ctx.audit.record({
          actor,
          action: 'smp-dispute.record',
          contractId: contract.id,
          resource: { type: 'smp', id: dispute.plan_id },
          details: { dispute: dispute.id, outcome: data.outcome, resubmitBy, party },
        });
        await tell(
          contract,
          [other(party)],
          'recorded',
          `smp:dispute:${dispute.id}:recorded:${at}`,
          'Outcome of the Security Management Plan dispute recorded: please confirm it',
          `${PARTY[party]} recorded the outcome of the Dispute Resolution Procedure: ${outcomeWords(set)}.\n\n${data.resolution}\n\nIt takes effect once you confirm it. If it is not what the procedure decided, decline it and say why.`,
        );
        return { ...dispute, ...set };
      });
    },

    /** The other party's lead confirms the recorded outcome, which then takes effect. */
    async confirm(actor: Actor): Promise<SmpDisputesTable> {
      return step(actor, async ({ plan, dispute, contract, party, at }) => {
        otherPartysRecord(dispute, party, actor, 'confirm');
        const set = { status: 'resolved' as const, resolved_by: actorId(actor), resolved_at: at };
        if (!(await repo.disputeStep(dispute.id, true, set))) throw stale();
        const resolved = { ...dispute, ...set };
        await apply(actor, plan, resolved, contract.id, at);
        await ctx.audit.record({
          actor,
          action: 'smp-dispute.resolve',
          contractId: contract.id,
          resource: { type: 'smp', id: plan.id },
          details: { dispute: dispute.id, outcome: dispute.outcome, resubmitBy: dispute.resubmit_by, party },
        });
        const next =
          dispute.outcome === 'amend-and-resubmit'
            ? `The Agency amends the plan and resubmits it by ${dispute.resubmit_by ? formatLong(dispute.resubmit_by) : 'the end of 10 Working Days (clause 4.3.2)'}; its first submission starts a new approval cycle.`
            : dispute.outcome === 'approve-as-is'
              ? 'The disputed version is Approved as it is.'
              : 'The disputed version is withdrawn. No resubmission clock runs.';
        await tell(
          contract,
          ['agency', 'client'],
          'resolved',
          `smp:dispute:${dispute.id}:resolved`,
          'Security Management Plan dispute resolved',
          `Both parties have recorded the outcome of the Dispute Resolution Procedure: ${outcomeWords(dispute)}.\n\n${dispute.resolution ?? ''}\n\n${next}`,
        );
        return resolved;
      });
    },

    /** The other party's lead says the record is wrong: it is cleared, with the reason kept, and the dispute stays open. */
    async decline(actor: Actor, input: unknown): Promise<SmpDisputesTable> {
      const { reason } = parseInput(disputeDeclineInput, input);
      return step(actor, async ({ dispute, contract, party, at }) => {
        const recorder = otherPartysRecord(dispute, party, actor, 'decline');
        const set = {
          outcome: null,
          resolution: null,
          resubmit_by: null,
          recorded_by: null,
          recorded_party: null,
          recorded_at: null,
          declined_by: actorId(actor),
          declined_at: at,
          decline_reason: reason,
        };
        if (!(await repo.disputeStep(dispute.id, true, set))) throw stale();
        await ctx.audit.record({
          actor,
          action: 'smp-dispute.decline',
          contractId: contract.id,
          resource: { type: 'smp', id: dispute.plan_id },
          details: { dispute: dispute.id, declined: dispute.outcome, reason, party },
        });
        await tell(
          contract,
          [recorder],
          'declined',
          `smp:dispute:${dispute.id}:declined:${at}`,
          'Recorded outcome of the Security Management Plan dispute declined',
          `${PARTY[party]} declined the outcome you recorded (${outcomeWords(dispute)}), because:\n\n${reason}\n\nThe plan is still in the Dispute Resolution Procedure: record the outcome again.`,
        );
        return { ...dispute, ...set };
      });
    },
  };
}
