import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { secretBoxFromFile, type SecretBox } from '../../platform/secret-box/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import { startDelivery } from './delivery-start.ts';
import { failuresWeb } from './failures.web.ts';
import { createNotificationsService, type NotificationsService } from './notifications.service.ts';
import type { NotificationsTables } from './notifications.tables.ts';
import { notificationsWeb } from './notifications.web.ts';
import { secretsCli } from './secrets.cli.ts';
import { createWebhooksService, type WebhooksService } from './webhooks.service.ts';
import { webhooksWeb } from './webhooks.web.ts';
import { webhookOutbound } from './webhook-outbound.ts';

/**
 * Notifications: an outbox written in the caller's transaction (`enqueue`), delivered in-app, by
 * email and to webhooks by a worker with leases, retries and backoff; each person's list and "what
 * was sent to me"; administrators' delivery failures; webhook subscriptions per contract and party.
 */
export {
  createNotificationsService,
  type NotificationsService,
  type EnqueueResult,
  type NotificationWithDeliveries,
} from './notifications.service.ts';
export type { WebhooksService } from './webhooks.service.ts';
export {
  createDeliveryWorker,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
  type DeliveryCounts,
  type WorkerLog,
} from './delivery-worker.ts';
export { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from './backoff.ts';
export { signWebhook, verifyWebhookSignature, SIGNATURE_HEADER } from './webhook-signature.ts';
export { messageIdFor } from './email-channel.ts';
export type {
  NotificationMessage,
  Notification,
  Delivery,
  WebhookSubscription,
  Party,
  Page,
} from './notifications.schemas.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    notifications: NotificationsService;
    webhooks: WebhooksService;
    /** Seals the webhook signing secrets stored in the database (CUSTODIAN_SECRETS_KEY_FILE). */
    secrets: SecretBox;
  }
}

const permissions = {
  'notifications:manage': {
    scope: 'admin',
    about: 'Seeing failed and retrying deliveries of every notification, and retrying one at once.',
  },
  'contract:webhooks:manage': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative'],
    systemAdmin: true,
    about: "Adding and turning off the webhooks of the holder's own party on the contract.",
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

export interface NotificationsPluginOptions {
  notifications: NotificationsService;
  webhooks: WebhooksService;
  contracts: ContractsService;
}

async function notificationsPlugin(app: FastifyInstance, opts: NotificationsPluginOptions): Promise<void> {
  notificationsWeb(app, opts);
  failuresWeb(app, opts);
  webhooksWeb(app, opts);
}

export const notificationsModule = defineModule({
  name: 'notifications',
  about: 'The notification outbox: in-app notices, email and signed webhooks, delivered with leases and retries.',
  tables: ownTables<NotificationsTables>({
    notifications: true,
    notification_deliveries: true,
    webhook_subscriptions: true,
  }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['notifications', 'webhooks', 'secrets'],
  needs: ['audit', 'users', 'contracts'],
  services: ({ config, clock, uow, mailer, resolveHost }, { audit, users, contracts }) => {
    // Webhook signing secrets are stored sealed under a key kept outside the database.
    const secrets = secretBoxFromFile(config.secretsKeyFile);
    return {
      secrets,
      // Email is on when SMTP is configured (the server's worker sends) or a mailer is given (tests).
      notifications: createNotificationsService({
        uow,
        clock,
        audit,
        users,
        contracts,
        emailEnabled: Boolean(config.mail.smtp || mailer),
      }),
      webhooks: createWebhooksService({
        uow,
        clock,
        audit,
        contracts,
        secrets,
        allowHttp: config.webhooks.allowHttp,
        outbound: webhookOutbound({ config, resolveHost }),
      }),
    };
  },
  web: {
    // The unread count in every page's header, for signed-in people.
    async hooks(app, { notifications }) {
      app.addLayoutLocals(async (request) =>
        request.principal?.kind === 'user'
          ? { unreadNotifications: await notifications.unreadCount(request.principal.user.id) }
          : undefined,
      );
    },
    routes: (app, services) => notificationsPlugin(app, services),
  },
  cli: { uses: ['webhooks'], register: secretsCli },
  start: (services, ctx) => startDelivery(services, ctx),
  contractLinks: [
    {
      path: 'webhooks',
      title: 'Webhooks',
      about: "send your side's notifications to a team chat or another system.",
      permission: 'contract:webhooks:manage',
      order: 90,
    },
  ],
});
