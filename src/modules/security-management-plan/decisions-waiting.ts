import type { UnitOfWork } from '../../platform/db/index.ts';
import type { Membership, WaitingSource } from '../contracts/index.ts';
import type { SmpTables } from './smp.tables.ts';
import { smpRepository } from './smp.repository.ts';
import { versionName } from './version-name.ts';

interface Deps {
  uow: UnitOfWork;
  contracts: { membershipsOf(userId: string): Promise<Membership[]> };
  variations: {
    forSubject(subjectType: string, subjectRef: string): Promise<{ id: string; number: number } | undefined>;
  };
}

/**
 * Plan versions submitted and awaiting the Client's Representative's decision (clause 4.3.2), as
 * what awaits them: one query for all their contracts. By when is said by the Client's decision
 * clock (clause 4.3.3): the key makes the contracts list show the two as one item.
 */
export function decisionsWaiting(deps: Deps): WaitingSource {
  return async (userId, contractIds) => {
    const represented = (await deps.contracts.membershipsOf(userId))
      .filter((m) => m.role === 'client-representative' && contractIds.includes(m.contractId))
      .map((m) => m.contractId);
    if (!represented.length) return [];
    const submitted = await smpRepository(deps.uow.tables<SmpTables>()).submittedOn(represented);
    return Promise.all(
      submitted.map(async (v) => {
        const variation = await deps.variations.forSubject('smp', v.id);
        return {
          contractId: v.contract_id,
          text: `Decide on ${versionName(v, variation)} of the Security Management Plan`,
          href: `/contracts/${v.contract_id}/smp/versions/${v.id}`,
          // The decision clock belongs to the Variation when there is one (planVersionRef).
          key: variation ? `smp.decision:variation:${variation.id}` : `smp.decision:smp-version:${v.id}`,
        };
      }),
    );
  };
}
