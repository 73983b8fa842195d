import type { Kysely } from 'kysely';
import { createMigrations, type Migrations } from './migrations.ts';
import { dialectOf, type DialectName } from './portable/dialect.ts';
import { openPostgres } from './portable/pg-engine.ts';
import { openSqlite } from './portable/sqlite-engine.ts';
import { createUnitOfWork, type UnitOfWork } from './unit-of-work.ts';

/** One open database: what services use (`uow`), its migrations, and Kysely on the whole of it. */
export interface DbHandle<Tables = any> {
  /** Services and repositories go through this: ambient transactions, each module on its own tables. */
  uow: UnitOfWork;
  /** Kysely on the whole database outside any transaction: for migrations, tests and benchmarks. */
  db: Kysely<Tables>;
  dialect: DialectName;
  /** A human description without credentials, safe to log. */
  describe: string;
  migrations: Migrations;
  /** Called when an idle pooled PostgreSQL connection fails (the pool replaces it): log it. */
  onIdleError(listener: (err: Error) => void): void;
  close(): Promise<void>;
}

/**
 * Opens the database for a DATABASE_URL (undefined: SQLite in the data directory), with the
 * migration folders of every module (given by the composition root: platform names no module).
 */
export function createDb(
  url: string | undefined,
  dataDir: string,
  opts: { migrationFolders: readonly string[] },
): DbHandle {
  const engine = dialectOf(url) === 'postgres' ? openPostgres(url!) : openSqlite(url, dataDir);
  return {
    uow: createUnitOfWork(engine),
    db: engine.kysely,
    dialect: engine.name,
    describe: engine.describe,
    migrations: createMigrations(engine.kysely, opts.migrationFolders),
    onIdleError: (listener) => engine.onIdleError(listener),
    close: () => engine.close(),
  };
}
