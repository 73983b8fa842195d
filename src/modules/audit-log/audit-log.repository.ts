import { sql } from 'kysely';
import { isPostgres, type AuditEventsTable, type Executor } from '../../platform/db/index.ts';

// SQLite allows 32,766 bound values per statement; 22 columns × 500 rows stays well inside.
const INSERT_CHUNK = 500;
// PostgreSQL only: a chunk is sent as one JSON parameter that the server turns into rows of the
// table's own type. Measured here, multi-row VALUES (22 parameters a row, parsed and planned one by
// one) ran at ~6,000 rows/s; typed UNNEST arrays ~9,000 but spent ~50 µs a row in node-postgres
// escaping array literals; JSON.stringify is native, and the server's JSON parsing is as quick.
const PG_CHUNK = 5_000;

/** Every query of the audit log's events and head. There is deliberately no update or delete of events here. */
export const auditRepository = {
  /**
   * Reserves `n` consecutive leaf indexes. The row lock on the head is held until the caller's
   * transaction ends, so indexes are assigned by one writer at a time and commit in order, without gaps.
   */
  async reserve(ex: Executor, n: number): Promise<number> {
    const row = await ex.updateTable('audit_tree_head').set((eb) => ({ size: eb('size', '+', n) })).where('id', '=', 1).returning('size').executeTakeFirstOrThrow();
    return Number(row.size) - n;
  },
  /** Inserts rows as they are; `table` other than audit_events only for the benchmark's baseline copies. */
  async insertMany(ex: Executor, rows: AuditEventsTable[], table = 'audit_events'): Promise<void> {
    if (isPostgres(ex)) {
      for (let i = 0; i < rows.length; i += PG_CHUNK) {
        const json = JSON.stringify(rows.slice(i, i + PG_CHUNK));
        await sql`insert into ${sql.table(table)} select * from json_populate_recordset(null::${sql.table(table)}, ${json}::json)`.execute(ex);
      }
      return;
    }
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await ex.insertInto(table as 'audit_events').values(rows.slice(i, i + INSERT_CHUNK)).execute();
  },
  head: (ex: Executor) => ex.selectFrom('audit_tree_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow(),
  listRecent(ex: Executor, filter: { actorId?: string; contractId?: string; action?: string; limit: number }) {
    let q = ex.selectFrom('audit_events').selectAll();
    if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
    if (filter.contractId) q = q.where('contract_id', '=', filter.contractId);
    if (filter.action) q = q.where('action', '=', filter.action);
    return q.orderBy('seq', 'desc').limit(filter.limit).execute();
  },
  /** Events from index `from` (inclusive) in index order: the input of tiling and verification. */
  range: (ex: Executor, from: number, toExclusive: number, limit: number) =>
    ex.selectFrom('audit_events').select(['seq', 'event', 'leaf_hash']).where('seq', '>=', from).where('seq', '<', toExclusive).orderBy('seq').limit(limit).execute(),
  /** The latest event of an action within [from, to): e.g. the purge that explains missing content. */
  lastOfAction: (ex: Executor, action: string, from: number, to: number) =>
    ex.selectFrom('audit_events').select(['seq', 'details']).where('action', '=', action).where('seq', '>=', from).where('seq', '<', to).orderBy('seq', 'desc').limit(1).executeTakeFirst(),
  findBySeq: (ex: Executor, seq: number) => ex.selectFrom('audit_events').selectAll().where('seq', '=', seq).executeTakeFirst(),
};
