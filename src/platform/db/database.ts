import { Kysely, type Transaction } from 'kysely';
import { openDialect, type DialectName } from './portable/index.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Repositories accept either the database or an open transaction. */
export type Executor = Db | Trx;

export interface DbHandle {
  db: Db;
  dialect: DialectName;
  describe: string;
  close(): Promise<void>;
}

/** Creates the database handle for a DATABASE_URL (undefined: SQLite in the data directory). */
export function createDb(url: string | undefined, dataDir: string): DbHandle {
  const opened = openDialect(url, dataDir);
  const db = new Kysely<Database>({ dialect: opened.dialect });
  return { db, dialect: opened.name, describe: opened.describe, close: () => db.destroy() };
}
