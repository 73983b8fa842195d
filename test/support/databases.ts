import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { MIGRATION_FOLDERS, type Database } from '../../src/app.ts';
import { createDb, type DbHandle } from '../../src/platform/db/index.ts';

export type DialectUnderTest = 'sqlite' | 'postgres';

/** The PostgreSQL server tests use: TEST_PG_URL, else DATABASE_URL if it is PostgreSQL, else the local one. */
export const TEST_PG_URL =
  process.env.TEST_PG_URL ||
  (process.env.DATABASE_URL?.startsWith('postgres')
    ? process.env.DATABASE_URL
    : 'postgres://postgres@127.0.0.1:5432/test');

let pgAvailable: Promise<boolean> | undefined;
/** Whether the test PostgreSQL server answers (also used by the benchmarks). */
export async function probePostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The dialects to run on. PostgreSQL is always included in CI (a missing server fails the run); on a
 * developer machine without one it is left out with a warning.
 */
export async function dialectsUnderTest(): Promise<DialectUnderTest[]> {
  pgAvailable ??= probePostgres();
  if (await pgAvailable) return ['sqlite', 'postgres'];
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${redact(TEST_PG_URL)} is not reachable`);
  console.warn(`PostgreSQL at ${redact(TEST_PG_URL)} is not reachable: running SQLite only`);
  return ['sqlite'];
}

const redact = (url: string) => url.replace(/\/\/[^@]*@/, '//***@');

/** The whole schema typed as the modules declare it (tests may read any module's tables directly). */
export interface TestDatabase extends DbHandle<Database> {
  /** The DATABASE_URL it was opened with (for code that opens a second connection). */
  url: string;
  /** Closes the connection and drops the throwaway database. */
  drop(): Promise<void>;
}

/** A fresh, empty database: in-memory SQLite, or a new PostgreSQL database created for this test. */
export async function createTestDatabase(
  dialect: DialectUnderTest,
  opts: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  let handle: DbHandle;
  let dropExtra = async () => {};
  let dbUrl = 'sqlite://:memory:';
  if (dialect === 'sqlite') {
    handle = createDb(dbUrl, '/tmp', { migrationFolders: MIGRATION_FOLDERS });
  } else {
    const name = `custodian_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(TEST_PG_URL);
    url.pathname = `/${name}`;
    dbUrl = url.toString();
    handle = createDb(dbUrl, '/tmp', { migrationFolders: MIGRATION_FOLDERS });
    dropExtra = async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  if (opts.migrate !== false) await handle.migrations.toLatest();
  return {
    ...handle,
    url: dbUrl,
    async drop() {
      await handle.close();
      await dropExtra();
    },
  };
}
