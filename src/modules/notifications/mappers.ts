import type { DeliveryRow } from './deliveries.repository.ts';
import type { NotificationRow } from './notifications.repository.ts';
import type { Delivery, Notification, Party, WebhookSubscription } from './notifications.schemas.ts';
import type { WebhookSubscriptionRow } from './webhooks.repository.ts';

export const toNotification = (r: NotificationRow): Notification => ({
  id: r.id,
  key: r.idempotency_key,
  recipientUserId: r.recipient_user_id,
  contractId: r.contract_id,
  kind: r.kind,
  subject: r.subject,
  text: r.body_text,
  link: r.link_path,
  createdAt: r.created_at,
  readAt: r.read_at,
});

/** `now` decides whether a pending delivery is being sent at this moment (a live lease). */
export const toDelivery = (r: DeliveryRow, now: string): Delivery => ({
  id: r.id,
  notificationId: r.notification_id,
  channel: r.channel,
  subscriptionId: r.subscription_id,
  destination: r.destination,
  status: r.status,
  sending: r.status === 'pending' && r.lease_until !== null && r.lease_until > now,
  attempts: Number(r.attempts),
  nextAttemptAt: r.next_attempt_at,
  lastAttemptAt: r.last_attempt_at,
  lastError: r.last_error,
  deliveredAt: r.delivered_at,
  createdAt: r.created_at,
});

/** Never carries the signing secret: that is shown once, when the subscription is created. */
export const toSubscription = (r: WebhookSubscriptionRow): WebhookSubscription => ({
  id: r.id,
  contractId: r.contract_id,
  party: r.party as Party,
  url: r.url,
  description: r.description,
  createdBy: r.created_by,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

/** A webhook URL as shown, stored with deliveries and recorded: its origin only, since chat tools put a secret in the path. */
export const urlOrigin = (url: string): string => {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '(not a URL)';
  }
};
