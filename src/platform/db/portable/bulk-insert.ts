import { transactionConnection, type UnitOfWork } from '../unit-of-work.ts';
import { copyIn, copyText } from './pg-copy.ts';
import { sqliteStatement } from './sqlite-statements.ts';

// PostgreSQL: COPY FROM STDIN, a chunk of rows at a time (bounded memory whatever the iterable).
// Measured for the audit log: multi-row VALUES (a parameter per value, parsed and planned one by
// one) ~6,000 rows/s; typed UNNEST arrays ~9,000; one json_populate_recordset document ~13,000, the
// server spending ~60 µs a row parsing it; COPY's text format costs the server what the insert does.
const COPY_CHUNK = 5_000;

/**
 * Inserts many rows of one table as fast as each engine allows, in order, in the ambient
 * transaction (one is opened if none is):
 * - SQLite: one cached prepared statement run per row, as the iterable yields it (Kysely's compile
 *   of a 500-row statement, and SQLite re-preparing it, were a third to half of the audit append's
 *   time; a lazily built row is garbage right after its insert);
 * - PostgreSQL: COPY FROM STDIN in chunks, on the transaction's connection.
 * `columns` lists every column the rows carry.
 */
export function bulkInsert<R extends object>(
  uow: UnitOfWork,
  table: string,
  columns: readonly (keyof R & string)[],
  source: Iterable<R>,
): Promise<void> {
  return uow.transaction(async () => {
    const raw = transactionConnection(uow)!;
    if (raw.dialect === 'sqlite') {
      const sql = `insert into "${table}" (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`;
      const statement = sqliteStatement(raw.database, sql);
      for (const row of source) statement.run(row);
      return;
    }
    const iterator = source[Symbol.iterator]();
    for (;;) {
      const { text, count } = copyText(take(iterator, COPY_CHUNK), columns);
      if (count === 0) return;
      await copyIn(raw.client, table, columns, text);
    }
  });
}

/** The next `n` items of an iterator, lazily. */
function* take<T>(iterator: Iterator<T>, n: number): Generator<T> {
  for (let i = 0; i < n; i++) {
    const next = iterator.next();
    if (next.done) return;
    yield next.value;
  }
}
