import type { UnitOfWork } from '../../platform/db/index.ts';
import type { Membership, WaitingSource } from '../contracts/index.ts';
import type { SmpTables } from './smp.tables.ts';
import { smpRepository } from './smp.repository.ts';
import { versionName } from './version-name.ts';

interface Deps {
  uow: UnitOfWork;
  contracts: { membershipsOf(userId: string): Promise<Membership[]> };
  variations: { forSubject(subjectType: string, subjectRef: string): Promise<{ number: number } | undefined> };
}

/**
 * Plan versions submitted and awaiting the Client's Representative's decision (clause 4.3.2), as
 * what awaits them: one query for all their contracts. By when is said by the Client's decision
 * clock (clause 4.3.3), which the deadlines module lists beside it.
 */
export function decisionsWaiting(deps: Deps): WaitingSource {
  return async (userId, contractIds) => {
    const represented = (await deps.contracts.membershipsOf(userId))
      .filter((m) => m.role === 'client-representative' && contractIds.includes(m.contractId))
      .map((m) => m.contractId);
    if (!represented.length) return [];
    const submitted = await smpRepository(deps.uow.tables<SmpTables>()).submittedOn(represented);
    return Promise.all(
      submitted.map(async (v) => ({
        contractId: v.contract_id,
        text: `Decide on ${versionName(v, await deps.variations.forSubject('smp', v.id))} of the Security Management Plan`,
        href: `/contracts/${v.contract_id}/smp/versions/${v.id}`,
      })),
    );
  };
}
