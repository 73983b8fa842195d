import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CopyOutQuery } from './pg-copy-out.ts';

// The two statement forms Kysely cannot send itself. COPY of one table's listed columns from the
// client, its rows given as the single query parameter in COPY's text format (see copyText); and
// COPY of a query's result to the client in the binary format, without parameters (COPY takes
// none), its whole output returned as the one row's `data` (see selectRaw).
const COPY_FROM_STDIN = /^COPY "[a-z_][a-z0-9_]*" \([a-z_][a-z0-9_, ]*\) FROM STDIN$/;
const COPY_TO_STDOUT = /^COPY \(select [\s\S]+\) TO STDOUT \(FORMAT binary\)$/;
const SPARE_MAX = 32 * 1024 * 1024;

/**
 * Teaches a pool client the two COPY statements above, through PostgreSQL's copy protocol
 * (pg-copy-streams in, CopyOutQuery out). Kysely hands every statement of a transaction to its
 * client's `query`, so a COPY sent this way runs on the transaction's own connection, commits or
 * rolls back with it, and needs nothing from Kysely's internals. Measured on the audit log, the
 * server took ~60 µs a row to parse json_populate_recordset's document and ~15 µs to take the same
 * rows by COPY (INSERT … SELECT of them also costs ~15 µs). Reading rows back as binary COPY rather
 * than as row objects took the client from ~9 µs to ~3–4 µs a 1 KB row, and reading the socket
 * itself (CopyOutQuery) into a reused buffer to ~2 µs, about half of that in the kernel. Any other
 * statement goes to pg unchanged.
 */
export function acceptCopy(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  // Each COPY output is read into one buffer (~2.4 MB for a verify window). Allocating a new one
  // each time drove a full collection every ~40 ms for "external memory pressure", so the
  // connection keeps the last one, given back by whoever read the output once they are done with it
  // (BinaryCopyRows, at its end); a second COPY before that simply gets a new buffer. A buffer
  // beyond SPARE_MAX is not kept: one huge result should not stay in memory for the pool's life.
  let spare: Buffer | undefined;
  let lastSize = 0;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (
      args.length === 2 &&
      typeof text === 'string' &&
      COPY_FROM_STDIN.test(text) &&
      Array.isArray(values) &&
      values.length === 1 &&
      typeof values[0] === 'string'
    ) {
      return copyIn((stream) => query(stream), text, values[0]);
    }
    if (
      args.length <= 2 &&
      typeof text === 'string' &&
      COPY_TO_STDOUT.test(text) &&
      (values === undefined || (Array.isArray(values) && values.length === 0))
    ) {
      // Room for an output like the last and the socket reads beyond it (each at most 64 KB).
      const copy = new CopyOutQuery(text, spare ?? Buffer.allocUnsafe(lastSize + 131_072));
      spare = undefined;
      query(copy);
      return copy.result.then(({ data, buffer, rowCount }) => {
        lastSize = data.length;
        const release = () => void (spare = buffer.length <= SPARE_MAX ? buffer : undefined);
        return { command: 'COPY', rowCount, rows: [{ data, release }], oid: 0, fields: [] };
      });
    }
    return query(...args);
  }) as typeof client.query;
}

async function copyIn(submit: (stream: unknown) => unknown, statement: string, data: string): Promise<pg.QueryResult> {
  const stream = copyFrom(statement);
  submit(stream);
  // 'finish' comes once the server has taken every row and the connection is ready again; a
  // refused row (a constraint, a bad value) arrives as 'error' and the transaction is then aborted.
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(data);
  });
  return { command: 'COPY', rowCount: stream.rowCount, rows: [], oid: 0, fields: [] };
}

/** `COPY "table" (columns) FROM STDIN`: the statement acceptCopyIn runs, for these columns. */
export const copyStatement = (table: string, columns: readonly string[]): string =>
  `COPY "${table}" (${columns.join(', ')}) FROM STDIN`;

// COPY text format: a backslash, tab, newline or carriage return in a value is written as an escape.
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeText = (s: string) => (NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s);

/** Rows in COPY's text format: columns in `columns` order, tab-separated, `\N` for null, a line each. */
export function copyText<R extends object>(
  rows: Iterable<R>,
  columns: readonly (keyof R & string)[],
): { text: string; count: number } {
  let text = '';
  let count = 0;
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      const v = row[columns[i]!] as unknown;
      if (i > 0) text += '\t';
      if (v === null || v === undefined) text += '\\N';
      else if (typeof v === 'string') text += escapeText(v);
      else if (typeof v === 'number' || typeof v === 'bigint') text += String(v);
      else if (typeof v === 'boolean') text += v ? 't' : 'f';
      else throw new TypeError(`copyText: column ${columns[i]} holds a ${typeof v}, not a scalar`);
    }
    text += '\n';
    count++;
  }
  return { text, count };
}
