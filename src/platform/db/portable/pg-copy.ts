import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/**
 * `COPY "table" (columns) FROM STDIN` on a connection the caller holds (a transaction's), its rows
 * given in COPY's text format (see copyText), through pg-copy-streams. Measured on the audit log,
 * the server took ~60 µs a row to parse json_populate_recordset's document and ~15 µs to take the
 * same rows by COPY (INSERT … SELECT of them also costs ~15 µs).
 */
export async function copyIn(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  text: string,
): Promise<number> {
  const stream = client.query(copyFrom(`COPY "${table}" (${columns.join(', ')}) FROM STDIN`));
  // 'finish' comes once the server has taken every row and the connection is ready again; a
  // refused row (a constraint, a bad value) arrives as 'error' and the transaction is then aborted.
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(text);
  });
  return stream.rowCount;
}

// The last output buffer of each connection, kept for its next COPY (see copyOut).
const spares = new WeakMap<pg.PoolClient, { spare: Buffer | undefined; lastSize: number }>();
const SPARE_MAX = 32 * 1024 * 1024;

/**
 * `COPY (query) TO STDOUT (FORMAT binary)` on a connection the caller holds, its whole output as one
 * Buffer, through pg-copy-streams (which gives the CopyData bodies of each socket read as one
 * chunk, not a Buffer per row). The chunks are copied into one buffer (~2.4 MB for a verify
 * window): allocating a new one each time drove a full collection every ~40 ms for "external memory
 * pressure", so the connection keeps the last one, given back by whoever read the output once they
 * are done with it (`release`); a second COPY before that simply gets a new buffer. A buffer beyond
 * SPARE_MAX is not kept: one huge result should not stay in memory for the pool's life.
 */
export async function copyOut(client: pg.PoolClient, query: string): Promise<{ data: Buffer; release: () => void }> {
  let kept = spares.get(client);
  if (!kept) spares.set(client, (kept = { spare: undefined, lastSize: 0 }));
  const state = kept;
  // Room for an output like the last and the socket reads beyond it (each at most 64 KB).
  let buffer = state.spare ?? Buffer.allocUnsafe(state.lastSize + 131_072);
  state.spare = undefined;
  let length = 0;
  const stream = client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT binary)`));
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      if (length + chunk.length > buffer.length) {
        const bigger = Buffer.allocUnsafe(Math.max(buffer.length * 2, length + chunk.length));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      length += chunk.copy(buffer, length);
    });
    // A query the server refuses (or that fails part-way) arrives as 'error' once pg has read it.
    stream.on('error', reject);
    stream.on('end', resolve);
  });
  state.lastSize = length;
  const full = buffer;
  return {
    data: full.subarray(0, length),
    release: () => void (state.spare = full.length <= SPARE_MAX ? full : undefined),
  };
}

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
