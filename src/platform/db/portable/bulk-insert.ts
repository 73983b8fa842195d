import { sql, type Kysely } from 'kysely';
import { isPostgres } from './append-only.ts';
import { sqliteStatements } from './sqlite-statements.ts';

// Outside a transaction on SQLite: multi-row VALUES through Kysely. SQLite allows 32,766 bound
// values per statement; 500 rows of a few dozen columns stay well inside.
const VALUES_CHUNK = 500;
// PostgreSQL: a chunk is sent as one JSON parameter that the server turns into rows of the table's
// own type. Measured for the audit log, multi-row VALUES (a parameter per value, parsed and planned
// one by one) ran at ~6,000 rows/s; typed UNNEST arrays ~9,000 but spent ~50 µs a row in
// node-postgres escaping array literals; JSON.stringify is native, and the server parses it as quickly.
const JSON_CHUNK = 5_000;

/**
 * Inserts many rows of one table as fast as each engine allows, in order:
 * - SQLite in a transaction: one cached prepared statement run per row, as the iterable yields it
 *   (Kysely's compile of a 500-row statement, and SQLite re-preparing it, were a third to half of
 *   the audit append's time; a lazily built row is garbage right after its insert);
 * - PostgreSQL: `json_populate_recordset` over chunks of rows (so `rows` must use the column names);
 * - otherwise: Kysely multi-row VALUES.
 * `columns` lists every column the rows carry, for the prepared statement.
 */
export async function bulkInsert<R extends object>(ex: Kysely<any>, table: string, columns: readonly (keyof R & string)[], source: Iterable<R>): Promise<void> {
  const statements = ex.isTransaction ? sqliteStatements(ex) : undefined;
  if (statements) return statements.runEach(`insert into "${table}" (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`, source);
  const rows = Array.from(source);
  if (isPostgres(ex)) {
    for (let i = 0; i < rows.length; i += JSON_CHUNK) {
      await sql`insert into ${sql.table(table)} select * from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows.slice(i, i + JSON_CHUNK))}::json)`.execute(ex);
    }
    return;
  }
  for (let i = 0; i < rows.length; i += VALUES_CHUNK) await ex.insertInto(table).values(rows.slice(i, i + VALUES_CHUNK)).execute();
}
