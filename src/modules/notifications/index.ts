import type { FastifyInstance } from 'fastify';
import type { ContractsService } from '../contracts/index.ts';
import { failuresWeb } from './failures.web.ts';
import type { NotificationsService } from './notifications.service.ts';
import { notificationsWeb } from './notifications.web.ts';
import type { WebhooksService } from './webhooks.service.ts';
import { webhooksWeb } from './webhooks.web.ts';

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
export { createWebhooksService, type WebhooksService } from './webhooks.service.ts';
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
export { secretsCli } from './secrets.cli.ts';
export type {
  NotificationMessage,
  Notification,
  Delivery,
  WebhookSubscription,
  Party,
  Page,
} from './notifications.schemas.ts';

export interface NotificationsPluginOptions {
  notifications: NotificationsService;
  webhooks: WebhooksService;
  contracts: ContractsService;
}

export async function notificationsPlugin(app: FastifyInstance, opts: NotificationsPluginOptions): Promise<void> {
  // The unread count in every page's header, for signed-in people.
  app.addLayoutLocals(async (request) =>
    request.principal?.kind === 'user'
      ? { unreadNotifications: await opts.notifications.unreadCount(request.principal.user.id) }
      : undefined,
  );
  notificationsWeb(app, opts);
  failuresWeb(app, opts);
  webhooksWeb(app, opts);
}
