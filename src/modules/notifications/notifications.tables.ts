/**
 * The tables of this module as Kysely sees them, written to match its migrations (like a generated
 * types file). Timestamps are fixed-width UTC ISO-8601 text, flags are 0/1 integers and JSON is
 * text, so rows read back identically from SQLite and PostgreSQL.
 */
export interface NotificationsTable {
  id: string;
  /** Unique per message: enqueueing the same key again is a no-op, and receivers de-duplicate on it. */
  idempotency_key: string;
  recipient_user_id: string;
  contract_id: string | null;
  kind: string;
  subject: string;
  body_text: string;
  /** A path inside Custodian (`/contracts/…`), made absolute with the public URL when sent. */
  link_path: string | null;
  created_at: string;
  read_at: string | null;
}

export type DeliveryChannel = 'in-app' | 'email' | 'webhook';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped' | 'cancelled';

/** The outbox: one row per notification and channel, claimed by a worker under a lease. */
export interface NotificationDeliveriesTable {
  id: string;
  notification_id: string;
  channel: DeliveryChannel;
  subscription_id: string | null;
  /** The email address or webhook URL at the time of enqueueing; null in-app. */
  destination: string | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookSubscriptionsTable {
  id: string;
  contract_id: string;
  party: 'agency' | 'client';
  url: string;
  description: string;
  /** The HMAC key, sealed (v1.<key id>.<…>, see platform/secret-box): signing needs it back. Shown to the subscriber once. */
  secret: string;
  created_by: string;
  created_at: string;
  disabled_at: string | null;
  disabled_by: string | null;
}

/** Every table this module owns: its repositories see these and no others. */
export interface NotificationsTables {
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
}
