import type { UnitOfWork } from '../../platform/db/index.ts';
import type { Membership, WaitingSource } from '../contracts/index.ts';
import type { SmpTables } from './smp.tables.ts';
import { versionName } from './version-name.ts';

interface Deps {
  uow: UnitOfWork;
  contracts: { membershipsOf(userId: string): Promise<Membership[]> };
  variations: { forSubject(subjectType: string, subjectRef: string): Promise<{ number: number } | undefined> };
}

/**
 * Plan versions submitted and awaiting the Client's Representative's decision (clause 4.3.2), as
 * what awaits them: one query for all their contracts. The decision has no clock of its own: the
 * approval process's deadline, listed beside it, says by when.
 */
export function decisionsWaiting(deps: Deps): WaitingSource {
  return async (userId, contractIds) => {
    const represented = (await deps.contracts.membershipsOf(userId))
      .filter((m) => m.role === 'client-representative' && contractIds.includes(m.contractId))
      .map((m) => m.contractId);
    if (!represented.length) return [];
    const submitted = await deps.uow
      .tables<SmpTables>()()
      .selectFrom('smp_versions')
      .innerJoin('smp_plans', 'smp_plans.id', 'smp_versions.plan_id')
      .select(['smp_versions.id', 'smp_versions.number', 'smp_plans.contract_id'])
      .where('smp_versions.status', '=', 'submitted')
      .where('smp_plans.contract_id', 'in', represented)
      .orderBy('smp_versions.number')
      .execute();
    return Promise.all(
      submitted.map(async (v) => ({
        contractId: v.contract_id,
        text: `Decide on ${versionName(v, await deps.variations.forSubject('smp', v.id))} of the Security Management Plan`,
        href: `/contracts/${v.contract_id}/smp/versions/${v.id}`,
      })),
    );
  };
}
