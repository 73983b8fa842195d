import type { AuditLog } from '../audit-log/index.ts';
import type { Contract, Party } from '../contracts/index.ts';
import type { DeadlinesService } from '../deadlines/index.ts';
import { civilDateInLondon } from '../../platform/calendar/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import type { SmpPlansTable, SmpTables } from './smp.tables.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { actorId, ConflictError, iso, type Actor, type Clock } from '../../platform/kernel/index.ts';
import { planVersionRef, startResubmissionClock } from './smp-clocks.ts';
import { smpRepository } from './smp.repository.ts';
import { disputeOutcomeInput } from './smp.schemas.ts';

export interface DisputeContext {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  deadlines: DeadlinesService;
  plan(): Promise<SmpPlansTable>;
  contract(): Promise<Contract>;
  leads(contract: Contract, party: Party): Promise<string[]>;
  notify(contract: Contract, people: string[], kind: string, key: string, subject: string, text: string): Promise<void>;
}

/**
 * Records the outcome of the Dispute Resolution Procedure after a second refusal (clause 4.3.2): the
 * dispute is resolved, the Approval cycle starts again, and the Agency has 10 Working Days to submit
 * the plan the outcome calls for. Both parties are told.
 */
export async function resolveDispute(
  ctx: DisputeContext,
  actor: Actor,
  contractId: string,
  input: unknown,
): Promise<void> {
  const data = parseInput(disputeOutcomeInput, input);
  const repo = smpRepository(ctx.uow.tables<SmpTables>());
  await ctx.uow.transaction(async () => {
    const plan = await ctx.plan();
    const dispute = await repo.openDispute(plan.id);
    if (!dispute) throw new ConflictError('smp_no_dispute', 'The plan is not in dispute');
    const contract = await ctx.contract();
    const people = [...new Set([...(await ctx.leads(contract, 'agency')), ...(await ctx.leads(contract, 'client'))])];
    const at = iso(ctx.clock.now());
    if (
      !(await repo.resolveDispute(dispute.id, {
        resolution: data.resolution,
        resolved_at: at,
        resolved_by: actorId(actor),
      }))
    )
      throw new ConflictError('smp_no_dispute', 'The dispute was resolved meanwhile');
    await repo.updatePlan(plan.id, { refusals_in_cycle: 0, updated_at: at });
    const disputed = await repo.version(dispute.version_id);
    await startResubmissionClock(ctx.deadlines, {
      contractId,
      planId: plan.id,
      today: civilDateInLondon(ctx.clock.now()),
      after: 'the outcome of the Dispute Resolution Procedure',
      ...(disputed ? { belongsTo: planVersionRef(contractId, disputed) } : {}),
    });
    await ctx.audit.record({
      actor,
      action: 'smp-dispute.resolve',
      contractId,
      resource: { type: 'smp', id: plan.id },
      details: { dispute: dispute.id },
    });
    await ctx.notify(
      contract,
      people,
      'smp.dispute-resolved',
      `smp:dispute:${dispute.id}:resolved`,
      `Security Management Plan dispute resolved (${contract.orderReference})`,
      `The outcome of the Dispute Resolution Procedure has been recorded:\n\n${data.resolution}\n\nThe Agency submits the plan the outcome calls for within 10 Working Days.`,
    );
  });
}
