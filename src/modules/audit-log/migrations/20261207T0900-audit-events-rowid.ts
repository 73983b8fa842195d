import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/portable/index.ts';

// SQLite only. `seq bigint primary key` made audit_events a rowid table plus a separate unique index
// on seq: every append wrote both B-trees, and every read by leaf index (tiling, the read index's
// catch-up, verify, proofs) found the rowid through that index first. Declared `integer primary key`,
// seq IS the rowid: one B-tree, rows stored in leaf order. SQLite cannot change a column's type in
// place, so the table is rebuilt as its documented ALTER TABLE procedure does (new table, copy, drop,
// rename, then its indexes and triggers), in one transaction. The column list, indexes and triggers
// are read from the schema itself, so nothing else about the table changes. PostgreSQL's heap and
// primary key index are untouched: there `bigint primary key` is already what it should be.
const FROM = '"seq" bigint primary key';
const TO = '"seq" integer primary key';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await rebuild(db, FROM, TO);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await rebuild(db, TO, FROM);
}

async function rebuild(db: Kysely<any>, from: string, to: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const schema = (
      await sql<{
        type: string;
        sql: string;
      }>`select type, sql from sqlite_master where tbl_name = 'audit_events' and sql is not null`.execute(trx)
    ).rows;
    const table = schema.find((s) => s.type === 'table')?.sql;
    if (!table?.includes(from)) throw new Error(`audit_events is not declared with ${from}`);
    const others = schema.filter((s) => s.type === 'index' || s.type === 'trigger');
    await sql
      .raw(table.replace(from, to).replace(/^create table "audit_events"/i, 'create table "audit_events_rebuilt"'))
      .execute(trx);
    await sql`insert into audit_events_rebuilt select * from audit_events order by seq`.execute(trx);
    // DROP TABLE's implicit delete fires no triggers, and no foreign key refers to audit_events.
    await sql`drop table audit_events`.execute(trx);
    await sql`alter table audit_events_rebuilt rename to audit_events`.execute(trx);
    for (const s of others) await sql.raw(s.sql).execute(trx);
  });
}
