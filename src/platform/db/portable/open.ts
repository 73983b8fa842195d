import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { PostgresDialect, type Dialect } from 'kysely';
import pg from 'pg';
import { dialectOf, isInMemory, type DialectName } from './dialect.ts';
import { acceptCopy } from './pg-copy.ts';
import { StatementSqliteDialect } from './sqlite-statements.ts';

// bigint columns (audit indexes, tree sizes) come back as numbers, as they do from SQLite: indexes
// stay far below 2^53. Scoped to our pools rather than set globally on the pg module.
const INT8_OID = 20;
const pgTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID
    ? (v: string) => Number(v)
    : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

export interface OpenedDialect {
  name: DialectName;
  dialect: Dialect;
  /** A human description without credentials, safe to log. */
  describe: string;
}

/**
 * Opens the Kysely dialect for a DATABASE_URL. SQLite runs in WAL mode with foreign keys on and
 * synchronous=FULL: the audit log must survive a power cut, and writes here are small. It reads
 * through a memory map of the file (as far as SQLite's compile-time limit, 2 GB in this build)
 * rather than a read() call per page: reading a 1,000,000-event audit log for verification took
 * 2.0–2.4 µs a row instead of 3.0–4.2, the system time per row falling from ~1 µs to ~0.3.
 */
export function openDialect(url: string | undefined, dataDir: string): OpenedDialect {
  if (dialectOf(url) === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: 10, types: { getTypeParser: pgTypeParser } });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    // Bulk inserts and raw reads send COPY through Kysely like any statement (see pg-copy.ts).
    pool.on('connect', acceptCopy);
    const u = new URL(url!);
    return {
      name: 'postgres',
      dialect: new PostgresDialect({ pool }),
      describe: `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`,
    };
  }
  const file = url ? url.replace(/^sqlite:\/\//, '') : path.join(dataDir, 'custodian.db');
  if (!isInMemory(url)) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  if (!isInMemory(url)) database.pragma(`mmap_size = ${2 ** 40}`); // capped by SQLite at its limit
  return { name: 'sqlite', dialect: new StatementSqliteDialect(database), describe: `SQLite ${file}` };
}
