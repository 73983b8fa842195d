import type { UsersService } from '../accounts/index.ts';
import type { AuditLog } from '../audit-log/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { BackgroundWork, ModuleContext } from '../../platform/modules/index.ts';
import type { SecretBox } from '../../platform/secret-box/index.ts';
import { createDeliveryWorker } from './delivery-worker.ts';
import { webhookOutbound } from './webhook-outbound.ts';
import type { WebhooksService } from './webhooks.service.ts';

// On shutdown, sends in flight get this long to finish; the rest give their lease back and go out after the restart.
const STOP_GRACE_MS = 5_000;

/**
 * The outbox's work in the server. First the key that seals secrets in the database: a key file
 * that cannot be read or created stops the start here, not a webhook later, and secrets stored
 * before sealing existed are sealed now. Then the delivery worker (email, webhooks, retries); its
 * leases keep several processes from sending one delivery twice.
 */
export async function startDelivery(
  services: {
    audit: AuditLog;
    users: UsersService;
    contracts: ContractsService;
    secrets: SecretBox;
    webhooks: WebhooksService;
  },
  { config, clock, uow, mailer, log, resolveHost }: ModuleContext,
): Promise<BackgroundWork> {
  await services.secrets.ready();
  const { sealed, unopenable } = await services.webhooks.sealStoredSecrets({ type: 'system', name: 'notifications' });
  if (sealed > 0)
    log.info({ sealed }, 'webhook signing secrets sealed under the current key of CUSTODIAN_SECRETS_KEY_FILE');
  if (unopenable.length > 0)
    log.warn(
      { subscriptions: unopenable },
      'webhook signing secrets that do not open with CUSTODIAN_SECRETS_KEY_FILE: their deliveries fail until the webhooks are added again',
    );

  const deliveries = createDeliveryWorker({
    uow,
    clock,
    audit: services.audit,
    users: services.users,
    contracts: services.contracts,
    secrets: services.secrets,
    mailer,
    publicUrl: config.publicUrl,
    allowHttpWebhooks: config.webhooks.allowHttp,
    outbound: webhookOutbound({ config, resolveHost }),
    log,
  });
  deliveries.start();
  log.info(
    { email: mailer?.describe ?? 'off (CUSTODIAN_SMTP_HOST is not set)', worker: deliveries.id },
    'notification delivery started',
  );
  return {
    stop: () =>
      deliveries
        .stop({ graceMs: STOP_GRACE_MS })
        .catch((err: unknown) => log.error({ err }, 'stopping notification delivery failed')),
  };
}
