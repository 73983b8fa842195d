import { buildApp, MIGRATION_FOLDERS } from './app.ts';
import { ConfigError, loadConfig } from './config/index.ts';
import { createDb } from './platform/db/index.ts';
import { systemClock } from './platform/kernel/index.ts';
import { loggerOptions } from './platform/http/logger.ts';
import { createSmtpMailer } from './platform/mail/index.ts';
import { createDeliveryWorker } from './modules/notifications/index.ts';

/** Process entry: config → database → migrations → app → listen; closes cleanly on SIGINT/SIGTERM. */
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
  const migrated = await db.migrations.toLatest();
  const mailer = config.mail.smtp ? createSmtpMailer({ ...config.mail.smtp, from: config.mail.from }) : undefined;
  const { app, services } = await buildApp({
    config,
    db,
    clock: systemClock,
    mailer,
    logger: loggerOptions(config.logLevel),
  });
  for (const r of migrated.results ?? []) app.log.info({ migration: r.migrationName }, 'migration applied');
  app.log.info({ database: db.describe }, 'database ready');
  db.onIdleError((err) => app.log.warn({ err }, 'an idle database connection failed; the pool opens a new one'));

  // Sign a checkpoint at least every CUSTODIAN_AUDIT_CHECKPOINT_SECONDS while events arrive.
  await services.auditTree.checkpoint();
  const checkpoints = setInterval(() => {
    services.auditTree.checkpoint().catch((err: unknown) => app.log.error({ err }, 'audit checkpoint failed'));
  }, config.audit.checkpointSeconds * 1000);
  checkpoints.unref();
  app.log.info({ verifierKey: await services.auditTree.verifierKey() }, 'audit log verifier key');

  // Daily: purge audit event content past the retention period (recorded in the log itself).
  const purge = () =>
    services.auditRetention
      .purge({ type: 'system', name: 'retention' })
      .catch((err: unknown) => app.log.error({ err }, 'audit retention purge failed'));
  void purge();
  const retention = setInterval(purge, 24 * 60 * 60_000);
  retention.unref();

  const housekeeping = setInterval(() => {
    services.sessions.purgeExpired().catch((err: unknown) => app.log.warn({ err }, 'session purge failed'));
  }, 5 * 60_000);
  housekeeping.unref();

  // The key that seals secrets in the database: a key file that cannot be read or created stops the
  // start here, not a webhook later. Secrets stored before sealing existed are sealed now.
  await services.secrets.ready();
  const { sealed, unopenable } = await services.webhooks.sealStoredSecrets({ type: 'system', name: 'notifications' });
  if (sealed > 0)
    app.log.info({ sealed }, 'webhook signing secrets sealed under the current key of CUSTODIAN_SECRETS_KEY_FILE');
  if (unopenable.length > 0)
    app.log.warn(
      { subscriptions: unopenable },
      'webhook signing secrets that do not open with CUSTODIAN_SECRETS_KEY_FILE: their deliveries fail until the webhooks are added again',
    );

  // The notification outbox: email, webhooks, retries. Leases keep several processes from sending one delivery twice.
  const deliveries = createDeliveryWorker({
    uow: db.uow,
    clock: systemClock,
    audit: services.audit,
    users: services.users,
    contracts: services.contracts,
    secrets: services.secrets,
    mailer,
    publicUrl: config.publicUrl,
    allowHttpWebhooks: config.webhooks.allowHttp,
    log: app.log,
  });
  deliveries.start();
  app.log.info(
    { email: mailer?.describe ?? 'off (CUSTODIAN_SMTP_HOST is not set)', worker: deliveries.id },
    'notification delivery started',
  );

  // Deadlines: mark missed ones and enqueue the reminders due, every minute. Its state is the outbox, so restarts resume.
  services.reminders.start(60_000, (err) => app.log.error({ err }, 'deadline reminders failed'));

  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    clearInterval(housekeeping);
    clearInterval(checkpoints);
    clearInterval(retention);
    await services.reminders.stop();
    // Sends in flight get a few seconds to finish; the rest give their lease back and go out after the restart.
    await deliveries
      .stop({ graceMs: 5_000 })
      .catch((err: unknown) => app.log.error({ err }, 'stopping notification delivery failed'));
    mailer?.close();
    await app.close();
    // A last checkpoint, so the events of this run's final seconds are signed before it ends.
    await services.auditTree
      .checkpoint()
      .catch((err: unknown) => app.log.error({ err }, 'final audit checkpoint failed'));
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
