import { partyLeads, type Contract, type Membership, type Party } from '../contracts/index.ts';
import type { AuditLog } from '../audit-log/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { SmpPlansTable, SmpTables } from './smp.tables.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { actorId, ForbiddenError, iso, type Actor, type Clock } from '../../platform/kernel/index.ts';
import { smpRepository } from './smp.repository.ts';
import { settingsInput } from './smp-change-requests.schemas.ts';

/**
 * Working Days the parties have to formalise a fast-tracked change (clause 4.4.4) unless they set
 * another number: 15, the longest clause 4.3.2 lets the two-party approval process take. Formalising
 * documents a change both parties already accepted, so it should take no longer than approving one.
 */
export const DEFAULT_FORMALISE_WITHIN_DAYS = 15;

export interface SmpSettingsDeps {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  notifications: NotificationsService;
  contracts: { get(id: string): Promise<Contract>; memberships(id: string): Promise<Membership[]> };
  plans: { ensurePlan(contractId: string): Promise<SmpPlansTable> };
}

export type SmpSettingsService = ReturnType<typeof createSmpSettingsService>;

/** The plan's settings the contract's two leads agree between them: for now, the formalisation period of a fast-track. */
export function createSmpSettingsService(deps: SmpSettingsDeps) {
  const { uow, clock, audit } = deps;
  const repo = smpRepository(uow.tables<SmpTables>());

  return {
    async get(contractId: string) {
      const plan = await deps.plans.ensurePlan(contractId);
      return { formaliseWithinDays: plan.formalise_within_days };
    },

    /** Either lead changes it; the other party's lead is told. Clocks already running keep the date they were given. */
    async update(actor: Actor, contractId: string, input: unknown) {
      const data = parseInput(settingsInput, input);
      return uow.transaction(async () => {
        const plan = await deps.plans.ensurePlan(contractId);
        const contract = await deps.contracts.get(contractId);
        const members = await deps.contracts.memberships(contractId);
        const party = (['agency', 'client'] as const).find((p) =>
          partyLeads(contract, members, p).includes(actorId(actor)),
        );
        // The route lets in the leads and a system administrator, who speaks for neither party.
        if (!party && actor.type === 'user' && !actor.privileged)
          throw new ForbiddenError("Only the contract's leads can change the plan's settings");
        const before = plan.formalise_within_days;
        if (before === data.formaliseWithinDays) return { formaliseWithinDays: before };
        await repo.updatePlan(plan.id, {
          formalise_within_days: data.formaliseWithinDays,
          updated_at: iso(clock.now()),
        });
        await audit.record({
          actor,
          action: 'smp-settings.update',
          contractId,
          resource: { type: 'smp', id: plan.id },
          details: {
            before: { formaliseWithinDays: before },
            after: { formaliseWithinDays: data.formaliseWithinDays },
          },
        });
        // The other party's leads hear of it; both parties' when an administrator changed it.
        const others: Party[] = party ? [party === 'agency' ? 'client' : 'agency'] : ['agency', 'client'];
        await deps.notifications.enqueueMany(
          others
            .flatMap((p) => partyLeads(contract, members, p))
            .map((userId) => ({
              userId,
              contractId,
              kind: 'smp.settings',
              key: `smp-settings:${plan.id}:${iso(clock.now())}:${userId}`,
              subject: `Fast-track formalisation period changed (${contract.orderReference})`,
              text: `A fast-tracked change to the Security Management Plan for ${contract.orderReference} – ${contract.title} is now to be formalised through the Variation Procedure within ${data.formaliseWithinDays} Working Days of the Client's decision (clause 4.4.4), instead of ${before}. Clocks already running keep their dates.`,
              link: `/contracts/${contractId}/smp/settings`,
            })),
        );
        return { formaliseWithinDays: data.formaliseWithinDays };
      });
    },
  };
}
