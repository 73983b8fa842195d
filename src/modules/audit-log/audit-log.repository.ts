import { sql } from 'kysely';
import { isPostgres, sqliteStatements, type AuditEventsTable, type Executor } from '../../platform/db/index.ts';

// SQLite, in a transaction: one cached prepared statement run once per row. Kysely compiled a
// query tree of 11,000 values for each 500-row chunk and SQLite re-prepared it every time: a third
// to half of the insert's time (measured); a prepared single-row insert pays neither. Every column
// is listed (the Record makes the compiler check it), bound by name from the row as built.
const COLUMNS = Object.keys({
  seq: 1, id: 1, occurred_at: 1, class_uid: 1, activity_id: 1, severity_id: 1, actor_type: 1, actor_id: 1, actor_organisation_id: 1,
  action: 1, resource_type: 1, resource_id: 1, contract_id: 1, outcome: 1, privileged: 1, source_address: 1, user_agent: 1,
  request_id: 1, details: 1, event: 1, leaf_hash: 1,
} satisfies Record<keyof AuditEventsTable, 1>);
const insertSql = (table: string) => `insert into "${table}" (${COLUMNS.join(', ')}) values (${COLUMNS.map((c) => `@${c}`).join(', ')})`;
// Otherwise (outside a transaction): multi-row VALUES through Kysely. SQLite allows 32,766 bound
// values per statement; 22 columns × 500 rows stays well inside.
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
  /**
   * Inserts rows as they are, in order; `table` other than audit_events only for the benchmark's
   * baseline copies. On SQLite in a transaction each row is inserted as the iterable yields it, so a
   * lazily built row is garbage right after (built all first, most survived into the old generation).
   */
  async insertMany(ex: Executor, source: Iterable<AuditEventsTable>, table = 'audit_events'): Promise<void> {
    const statements = ex.isTransaction ? sqliteStatements(ex) : undefined;
    if (statements) return statements.runEach(insertSql(table), source);
    const rows = Array.from(source);
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
