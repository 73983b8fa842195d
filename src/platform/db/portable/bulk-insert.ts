import { CompiledQuery, type Kysely } from 'kysely';
import { isPostgres } from './append-only.ts';
import { copyStatement, copyText } from './pg-copy.ts';
import { sqliteStatements } from './sqlite-statements.ts';

// Outside a transaction on SQLite: multi-row VALUES through Kysely. SQLite allows 32,766 bound
// values per statement; 500 rows of a few dozen columns stay well inside.
const VALUES_CHUNK = 500;
// PostgreSQL: COPY FROM STDIN, a chunk of rows at a time (bounded memory whatever the iterable).
// Measured for the audit log: multi-row VALUES (a parameter per value, parsed and planned one by
// one) ~6,000 rows/s; typed UNNEST arrays ~9,000; one json_populate_recordset document ~13,000, the
// server spending ~60 µs a row parsing it; COPY's text format costs the server what the insert does.
const COPY_CHUNK = 5_000;

/**
 * Inserts many rows of one table as fast as each engine allows, in order:
 * - SQLite in a transaction: one cached prepared statement run per row, as the iterable yields it
 *   (Kysely's compile of a 500-row statement, and SQLite re-preparing it, were a third to half of
 *   the audit append's time; a lazily built row is garbage right after its insert);
 * - PostgreSQL: COPY FROM STDIN in chunks (see pg-copy.ts), on the executor's own connection;
 * - otherwise: Kysely multi-row VALUES.
 * `columns` lists every column the rows carry, for the prepared statement.
 */
export async function bulkInsert<R extends object>(
  ex: Kysely<any>,
  table: string,
  columns: readonly (keyof R & string)[],
  source: Iterable<R>,
): Promise<void> {
  const statements = ex.isTransaction ? sqliteStatements(ex) : undefined;
  if (statements)
    return statements.runEach(
      `insert into "${table}" (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
      source,
    );
  if (isPostgres(ex)) {
    const statement = copyStatement(table, columns);
    const iterator = source[Symbol.iterator]();
    for (;;) {
      const { text, count } = copyText(take(iterator, COPY_CHUNK), columns);
      if (count === 0) return;
      await ex.executeQuery(CompiledQuery.raw(statement, [text]));
    }
  }
  const rows = Array.from(source);
  for (let i = 0; i < rows.length; i += VALUES_CHUNK)
    await ex
      .insertInto(table)
      .values(rows.slice(i, i + VALUES_CHUNK))
      .execute();
}

/** The next `n` items of an iterator, lazily. */
function* take<T>(iterator: Iterator<T>, n: number): Generator<T> {
  for (let i = 0; i < n; i++) {
    const next = iterator.next();
    if (next.done) return;
    yield next.value;
  }
}
