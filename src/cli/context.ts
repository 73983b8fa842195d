import { buildServices, MIGRATION_FOLDERS, type Services } from '../app.ts';
import { loadConfig, type Config } from '../config/index.ts';
import { createDb, type DbHandle } from '../platform/db/index.ts';
import { DomainError, systemClock } from '../platform/kernel/index.ts';
import { createWorkerPool, type WorkerPool } from '../platform/workers/index.ts';

/**
 * What a command needs, opened lazily so `--help` touches neither the environment nor the database.
 * `env` defaults to the process environment (read by loadConfig).
 */
export interface CliContext {
  config(): Config;
  /** The database, as it is: for `db migrate` and `db status`. */
  db(): DbHandle;
  /** The services, on a database whose migrations are all applied (refused with the way out otherwise). */
  services(): Promise<Services>;
  close(): Promise<void>;
}

/** A command run against a database that is not migrated: the way out is one command away. */
export class NotMigratedError extends DomainError {
  readonly status = 409;
  constructor(describe: string, pending: number) {
    super(
      'not_migrated',
      `The database (${describe}) has ${pending} migration${pending === 1 ? '' : 's'} not yet applied: run \`custodian db migrate\` (starting the server also applies them)`,
    );
  }
}

export function createCliContext(env?: NodeJS.ProcessEnv): CliContext {
  let config: Config | undefined;
  let db: DbHandle | undefined;
  let services: Promise<Services> | undefined;
  let workers: WorkerPool | undefined;
  const ctx: CliContext = {
    config: () => (config ??= loadConfig(env)),
    db: () =>
      (db ??= createDb(ctx.config().databaseUrl, ctx.config().dataDir, { migrationFolders: MIGRATION_FOLDERS })),
    // Commands never migrate as a side effect: migrating is `db migrate`'s job (and the server's at start).
    services: () =>
      (services ??= (async () => {
        const handle = ctx.db();
        const pending = await handle.migrations.pending();
        if (pending.length) throw new NotMigratedError(handle.describe, pending.length);
        workers = createWorkerPool(ctx.config().workers);
        return buildServices({ config: ctx.config(), db: handle, clock: systemClock, workers });
      })()),
    async close() {
      await workers?.close();
      await db?.close();
    },
  };
  return ctx;
}
