import { buildServices, type Services } from '../app.ts';
import { loadConfig, type Config } from '../config/index.ts';
import { createDb, type DbHandle } from '../platform/db/index.ts';
import { systemClock } from '../platform/kernel/index.ts';

/** What a command needs, opened lazily so `--help` touches neither the environment nor the database. `env` defaults to the process environment (read by loadConfig). */
export interface CliContext {
  config(): Config;
  db(): DbHandle;
  services(): Services;
  close(): Promise<void>;
}

export function createCliContext(env?: NodeJS.ProcessEnv): CliContext {
  let config: Config | undefined;
  let db: DbHandle | undefined;
  let services: Services | undefined;
  const ctx: CliContext = {
    config: () => (config ??= loadConfig(env)),
    db: () => (db ??= createDb(ctx.config().databaseUrl, ctx.config().dataDir)),
    services: () => (services ??= buildServices({ config: ctx.config(), db: ctx.db(), clock: systemClock })),
    async close() {
      await db?.close();
    },
  };
  return ctx;
}
