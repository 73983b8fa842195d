import { PostgresIntrospector, sql, type Kysely } from 'kysely';

/**
 * Whether a Kysely instance (or a transaction of one) is on PostgreSQL: what a migration uses when it
 * must write engine-specific DDL. Migrations get only Kysely; its introspector is the public thing
 * that differs by dialect.
 */
export const isPostgres = (db: Kysely<any>): boolean => db.introspection instanceof PostgresIntrospector;

/**
 * Makes a table refuse UPDATE and DELETE at the database itself (not only in the app), on either
 * engine. `deleteUnless` names a boolean SQL condition under which deletion is allowed (the audit
 * log's retention purge); `updateUnless` likewise for updates. Without them, both are always refused.
 */
export async function makeAppendOnly(
  db: Kysely<any>,
  table: string,
  opts: { deleteUnless?: string; updateUnless?: string } = {},
): Promise<void> {
  const message = `${table} is append-only`;
  if (isPostgres(db)) {
    for (const [op, unless] of [
      ['update', opts.updateUnless],
      ['delete', opts.deleteUnless],
    ] as const) {
      const fn = `${table}_refuse_${op}`;
      const allowed = op === 'update' ? 'NEW' : 'OLD';
      const guard = unless ? `IF (${unless}) THEN RETURN ${allowed}; END IF;` : '';
      await sql
        .raw(
          `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${guard} RAISE EXCEPTION '${message}' USING ERRCODE = 'insufficient_privilege'; END $$`,
        )
        .execute(db);
      await sql
        .raw(`CREATE TRIGGER ${fn} BEFORE ${op.toUpperCase()} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`)
        .execute(db);
    }
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION ${table}_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}' USING ERRCODE = 'insufficient_privilege'; END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_refuse_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${table}_refuse_truncate()`,
      )
      .execute(db);
    return;
  }
  for (const [op, unless] of [
    ['update', opts.updateUnless],
    ['delete', opts.deleteUnless],
  ] as const) {
    const when = unless ? ` WHEN NOT (${unless})` : '';
    await sql
      .raw(
        `CREATE TRIGGER ${table}_refuse_${op} BEFORE ${op.toUpperCase()} ON ${table}${when} BEGIN SELECT RAISE(ABORT, '${message}'); END`,
      )
      .execute(db);
  }
}

/** Removes what makeAppendOnly created (for a migration's down). */
export async function dropAppendOnly(db: Kysely<any>, table: string): Promise<void> {
  if (isPostgres(db)) {
    for (const op of ['update', 'delete', 'truncate']) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${table}_refuse_${op} ON ${table}`).execute(db);
      await sql.raw(`DROP FUNCTION IF EXISTS ${table}_refuse_${op}()`).execute(db);
    }
    return;
  }
  for (const op of ['update', 'delete']) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_refuse_${op}`).execute(db);
}
