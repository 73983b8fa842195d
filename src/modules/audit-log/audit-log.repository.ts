import { bulkInsert, selectRaw, type UnitOfWork } from '../../platform/db/index.ts';
import type { AuditEventsTable, AuditLogTables } from './audit-log.tables.ts';

// Every column, for bulkInsert's prepared statement on SQLite (the Record makes the compiler check the list).
export const AUDIT_EVENT_COLUMNS = Object.keys({
  seq: 1,
  id: 1,
  occurred_at: 1,
  class_uid: 1,
  activity_id: 1,
  severity_id: 1,
  actor_type: 1,
  actor_id: 1,
  actor_organisation_id: 1,
  action: 1,
  resource_type: 1,
  resource_id: 1,
  contract_id: 1,
  outcome: 1,
  privileged: 1,
  source_address: 1,
  user_agent: 1,
  request_id: 1,
  details: 1,
  event: 1,
  leaf_hash: 1,
} satisfies Record<keyof AuditEventsTable, 1>) as (keyof AuditEventsTable)[];

/** Every query of the audit log's events and head. There is deliberately no update or delete of events here. */
export function auditRepository(uow: UnitOfWork) {
  const db = uow.tables<AuditLogTables>();
  return {
    /**
     * Reserves `n` consecutive leaf indexes. The row lock on the head is held until the caller's
     * transaction ends, so indexes are assigned by one writer at a time and commit in order, without gaps.
     */
    async reserve(n: number): Promise<number> {
      const row = await db()
        .updateTable('audit_tree_head')
        .set((eb) => ({ size: eb('size', '+', n) }))
        .where('id', '=', 1)
        .returning('size')
        .executeTakeFirstOrThrow();
      return Number(row.size) - n;
    },
    /**
     * Inserts rows as they are, in order. On SQLite each row is inserted as the iterable yields it,
     * so a lazily built row is garbage right after (built all first, most survived into the old
     * generation).
     */
    insertMany: (source: Iterable<AuditEventsTable>) => bulkInsert(uow, 'audit_events', AUDIT_EVENT_COLUMNS, source),
    head: () => db().selectFrom('audit_tree_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow(),
    listRecent(filter: { actorId?: string; contractId?: string; action?: string; limit: number }) {
      let q = db().selectFrom('audit_events').selectAll();
      if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
      if (filter.contractId) q = q.where('contract_id', '=', filter.contractId);
      if (filter.action) q = q.where('action', '=', filter.action);
      return q.orderBy('seq', 'desc').limit(filter.limit).execute();
    },
    /** Events from index `from` (inclusive) in index order: the input of tiling and verification. */
    range: (from: number, toExclusive: number, limit: number) =>
      db()
        .selectFrom('audit_events')
        .select(['seq', 'event', 'leaf_hash'])
        .where('seq', '>=', from)
        .where('seq', '<', toExclusive)
        .orderBy('seq')
        .limit(limit)
        .execute(),
    /**
     * The events [from, to) as RawRows of seq, event, leaf_hash (columns 0–2): verification's one
     * pass over them all. The limit, which the range implies, makes PostgreSQL's planner walk the
     * primary key in order even on stale statistics, rather than fetch a bitmap of rows and sort
     * them (measured: the server's time per row more than doubled without it).
     */
    rawRange: (from: number, toExclusive: number) =>
      selectRaw(
        uow,
        db()
          .selectFrom('audit_events')
          .select(['seq', 'event', 'leaf_hash'])
          .where('seq', '>=', from)
          .where('seq', '<', toExclusive)
          .orderBy('seq')
          .limit(Math.max(0, toExclusive - from)),
      ),
    /** The latest event of an action within [from, to): e.g. the purge that explains missing content. */
    lastOfAction: (action: string, from: number, to: number) =>
      db()
        .selectFrom('audit_events')
        .select(['seq', 'details'])
        .where('action', '=', action)
        .where('seq', '>=', from)
        .where('seq', '<', to)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst(),
    findBySeq: (seq: number) => db().selectFrom('audit_events').selectAll().where('seq', '=', seq).executeTakeFirst(),
  };
}
