import type { Contract, Membership } from '../contracts/index.ts';
import type { Deadline } from './deadlines.schemas.ts';
import type { DeadlinesService } from './deadlines.service.ts';

export interface MineDeps {
  deadlines: DeadlinesService;
  contracts: { get(id: string): Promise<Contract>; membershipsOf(userId: string): Promise<Membership[]> };
}

/**
 * A person's own deadlines across contracts: those they owe, those they are the escalation
 * contact for, and those their party owes where they lead it (the Agency security manager, the
 * Client's Representative). Open and missed ones only: what still needs doing.
 */
export async function deadlinesOf(
  deps: MineDeps,
  userId: string,
): Promise<{ deadline: Deadline; contract: Contract }[]> {
  const roles = await deps.contracts.membershipsOf(userId);
  const contractIds = [...new Set(roles.map((m) => m.contractId))];
  const leads = (contractId: string, party: 'agency' | 'client' | 'both') =>
    roles.some(
      (m) =>
        m.contractId === contractId &&
        (party === 'both'
          ? m.role === 'agency-security-manager' || m.role === 'client-representative'
          : m.role === (party === 'agency' ? 'agency-security-manager' : 'client-representative')),
    );
  const all = await deps.deadlines.listForContracts(contractIds);
  const contracts = new Map<string, Contract>();
  const out: { deadline: Deadline; contract: Contract }[] = [];
  for (const d of all) {
    if (d.ownerUserId !== userId && d.escalationUserId !== userId && !leads(d.contractId, d.ownerParty)) continue;
    let c = contracts.get(d.contractId);
    if (!c) contracts.set(d.contractId, (c = await deps.contracts.get(d.contractId)));
    out.push({ deadline: d, contract: c });
  }
  return out;
}
