import { buildApp, MIGRATION_FOLDERS, startModules } from './app.ts';
import { ConfigError, loadConfig } from './config/index.ts';
import { createDb } from './platform/db/index.ts';
import { systemClock } from './platform/kernel/index.ts';
import { loggerOptions } from './platform/http/logger.ts';
import { createSmtpMailer } from './platform/mail/index.ts';

/**
 * Process entry: config → database → migrations → app → modules' background work → listen; closes
 * cleanly on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const db = createDb(config.databaseUrl, config.dataDir, { migrationFolders: MIGRATION_FOLDERS });
  // The one place the server migrates: at start, before anything reads the database.
  const migrated = await db.migrations.toLatest();
  const mailer = config.mail.smtp ? createSmtpMailer({ ...config.mail.smtp, from: config.mail.from }) : undefined;
  const { app, services, context } = await buildApp({
    config,
    db,
    clock: systemClock,
    mailer,
    logger: loggerOptions(config.logLevel),
  });
  for (const r of migrated.results ?? []) app.log.info({ migration: r.migrationName }, 'migration applied');
  app.log.info({ database: db.describe }, 'database ready');
  db.onIdleError((err) => app.log.warn({ err }, 'an idle database connection failed; the pool opens a new one'));

  // Checkpoints, retention, session housekeeping, the notification outbox, deadline reminders.
  const stopModules = await startModules(services, context);

  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    // The HTTP side first (queued access records are committed as it closes), then the modules'
    // work in reverse order: reminders, deliveries (a few seconds' grace), and last the audit log's
    // final checkpoint, which signs the events of this run's final seconds.
    await app.close();
    await stopModules();
    mailer?.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const setupUrl = await services.links.setupLinkIfNeeded();
  if (setupUrl) {
    // Printed to the console only (never logged): whoever can read the server's console sets it up.
    process.stdout.write(
      `\nCustodian has no users yet. Create the first administrator within ${config.setupLinkMinutes} minutes at:\n\n  ${setupUrl}\n\n`,
    );
  }
}

main().catch((err: unknown) => {
  console.error('Custodian failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
