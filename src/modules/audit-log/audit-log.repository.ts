import type { AuditEventsTable, Executor } from '../../platform/db/index.ts';

/** Insert and read only: there is deliberately no update or delete here. */
export function createAuditRepository() {
  return {
    async insert(ex: Executor, row: AuditEventsTable): Promise<void> {
      await ex.insertInto('audit_events').values(row).execute();
    },
    async listRecent(ex: Executor, filter: { actorId?: string; contractId?: string; action?: string; limit: number }) {
      let q = ex.selectFrom('audit_events').selectAll();
      if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
      if (filter.contractId) q = q.where('contract_id', '=', filter.contractId);
      if (filter.action) q = q.where('action', '=', filter.action);
      return q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    },
  };
}
