import type { WaitingSource } from '../contracts/index.ts';
import { deadlinesOf, type MineDeps } from './deadline-mine.ts';

/** A person's open and missed deadlines (those they owe, escalate or lead), as what awaits them. */
export function deadlinesWaiting(deps: MineDeps): WaitingSource {
  return async (userId, contractIds) =>
    (await deadlinesOf(deps, userId))
      .filter(({ contract }) => contractIds.includes(contract.id))
      .map(({ deadline: d }) => ({
        contractId: d.contractId,
        text: d.belongsTo ? `${d.title} (${d.belongsTo.label})` : d.title,
        dueAt: d.dueAt,
        overdue: d.status === 'missed',
        href: `/contracts/${d.contractId}/deadlines`,
        fromClock: true,
        ...(d.belongsTo ? { key: `${d.kind}:${d.belongsTo.type}:${d.belongsTo.id}` } : {}),
      }));
}
