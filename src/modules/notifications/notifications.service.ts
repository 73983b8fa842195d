import type { AuditLog } from '../audit-log/index.ts';
import type { Db, Executor } from '../../platform/db/index.ts';
import { parseInput } from '../../platform/http/index.ts';
import {
  ConflictError,
  iso,
  newId,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import { deliveriesRepository as deliveries, type DeliveryRow } from './deliveries.repository.ts';
import { toDelivery, toNotification, urlOrigin } from './mappers.ts';
import { notificationsRepository as repo, type NotificationRow } from './notifications.repository.ts';
import {
  notificationMessage,
  type Delivery,
  type Notification,
  type NotificationMessage,
  type Page,
  type Party,
} from './notifications.schemas.ts';
import { webhooksRepository as webhooks } from './webhooks.repository.ts';

export const PAGE_SIZE = 25;
export const EMAIL_OFF = 'Email is off: CUSTODIAN_SMTP_HOST is not set';

export interface EnqueueResult {
  notificationId: string;
  /** False when a notification with this key already existed: nothing was written. */
  created: boolean;
}
export type NotificationWithDeliveries = { notification: Notification; deliveries: Delivery[] };
export type NotificationsService = ReturnType<typeof createNotificationsService>;

/** A fresh outbox row: due now unless the patch says otherwise. */
const deliveryRow = (
  notificationId: string,
  channel: DeliveryRow['channel'],
  now: string,
  patch: Partial<DeliveryRow> = {},
): DeliveryRow => ({
  id: newId(),
  notification_id: notificationId,
  channel,
  subscription_id: null,
  destination: null,
  status: 'pending',
  attempts: 0,
  next_attempt_at: now,
  lease_owner: null,
  lease_until: null,
  last_attempt_at: null,
  last_error: null,
  delivered_at: null,
  created_at: now,
  updated_at: now,
  ...patch,
});

const pageOf = (page: number | undefined) => (Number.isInteger(page) && page! >= 1 ? page! : 1);

/**
 * Notifications and their outbox. `enqueue` writes a notification and one delivery per channel in
 * the caller's transaction, so they exist exactly when the event that caused them does (convention 9);
 * a delivery worker sends them later. Also each person's list, and the administrators' failures.
 */
export function createNotificationsService(deps: { db: Db; clock: Clock; audit: AuditLog; emailEnabled: boolean }) {
  const { db, clock, audit } = deps;
  const now = () => iso(clock.now());

  async function enqueueOne(trx: Executor, input: NotificationMessage): Promise<EnqueueResult> {
    const m = parseInput(notificationMessage, input);
    const existing = await repo.findByKey(trx, m.key);
    if (existing) return { notificationId: existing.id, created: false };
    const recipient = await repo.recipient(trx, m.userId);
    if (!recipient) throw new ValidationError({ userId: 'There is no user with this id' });
    const contract = m.contractId ? await repo.contractParties(trx, m.contractId) : undefined;
    if (m.contractId && !contract) throw new ValidationError({ contractId: 'There is no contract with this id' });
    const at = now();
    const row: NotificationRow = {
      id: newId(),
      idempotency_key: m.key,
      recipient_user_id: recipient.id,
      contract_id: contract?.id ?? null,
      kind: m.kind,
      subject: m.subject,
      body_text: m.text,
      link_path: m.link ?? null,
      created_at: at,
      read_at: null,
    };
    // Another transaction may have enqueued the same key since the look-up: it won, this is a no-op.
    if (!(await repo.insertIfNew(trx, row)))
      return { notificationId: (await repo.findByKey(trx, m.key))!.id, created: false };

    const email = !deps.emailEnabled
      ? { status: 'skipped' as const, last_error: EMAIL_OFF }
      : recipient.disabled_at
        ? { status: 'skipped' as const, last_error: 'The account is disabled' }
        : {};
    const rows = [
      // In-app delivery is the stored row itself: delivered the moment the transaction commits.
      deliveryRow(row.id, 'in-app', at, { status: 'delivered', delivered_at: at }),
      deliveryRow(row.id, 'email', at, { destination: recipient.email, ...email }),
    ];
    const party: Party | undefined =
      contract &&
      (recipient.organisation_id === contract.agency_organisation_id
        ? 'agency'
        : recipient.organisation_id === contract.client_organisation_id
          ? 'client'
          : undefined);
    if (contract && party) {
      for (const s of await webhooks.active(trx, contract.id, party))
        rows.push(deliveryRow(row.id, 'webhook', at, { subscription_id: s.id, destination: urlOrigin(s.url) }));
    }
    await deliveries.insertMany(trx, rows);
    return { notificationId: row.id, created: true };
  }

  const withDeliveries = async (rows: NotificationRow[]): Promise<NotificationWithDeliveries[]> => {
    const all = await deliveries.forNotifications(
      db,
      rows.map((r) => r.id),
    );
    const at = now();
    return rows.map((r) => ({
      notification: toNotification(r),
      deliveries: all.filter((d) => d.notification_id === r.id).map((d) => toDelivery(d, at)),
    }));
  };

  const list = async (userId: string, opts: { page?: number; unreadOnly?: boolean }) => {
    const page = pageOf(opts.page);
    const rows = await repo.listForUser(db, userId, {
      offset: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE + 1,
      unreadOnly: opts.unreadOnly,
    });
    return { rows: rows.slice(0, PAGE_SIZE), page, hasNext: rows.length > PAGE_SIZE };
  };

  return {
    /**
     * Writes one notification and its deliveries with `trx` (the caller's transaction; a plain
     * database handle gets a transaction of its own). Enqueueing a key that exists is a no-op.
     * Throws ValidationError for a malformed message or an unknown user or contract.
     */
    enqueue(trx: Executor, message: NotificationMessage): Promise<EnqueueResult> {
      if (!trx.isTransaction) return db.transaction().execute((t) => enqueueOne(t, message));
      return enqueueOne(trx, message);
    },
    /** `enqueue` for each message in order, in the same transaction. */
    enqueueMany(trx: Executor, messages: readonly NotificationMessage[]): Promise<EnqueueResult[]> {
      const all = async (t: Executor) => {
        const results: EnqueueResult[] = [];
        for (const m of messages) results.push(await enqueueOne(t, m));
        return results;
      };
      return trx.isTransaction ? all(trx) : db.transaction().execute(all);
    },
    unreadCount: (userId: string) => repo.unreadCount(db, userId),
    /** A person's notifications, newest first, PAGE_SIZE to a page. */
    async listFor(userId: string, opts: { page?: number; unreadOnly?: boolean } = {}): Promise<Page<Notification>> {
      const { rows, page, hasNext } = await list(userId, opts);
      return { items: rows.map(toNotification), page, hasNext };
    },
    /** "What was sent to me": each notification with every channel's delivery. */
    async sentTo(userId: string, opts: { page?: number } = {}): Promise<Page<NotificationWithDeliveries>> {
      const { rows, page, hasNext } = await list(userId, opts);
      return { items: await withDeliveries(rows), page, hasNext };
    },
    /** One of the person's own notifications; someone else's is simply not found. */
    async getFor(userId: string, id: string): Promise<NotificationWithDeliveries> {
      const row = await repo.findForUser(db, userId, id);
      if (!row) throw new NotFoundError('The notification');
      return (await withDeliveries([row]))[0]!;
    },
    async markRead(userId: string, id: string): Promise<void> {
      if (!(await repo.findForUser(db, userId, id))) throw new NotFoundError('The notification');
      await repo.markRead(db, userId, id, now());
    },
    markAllRead: (userId: string) => repo.markAllRead(db, userId, now()),

    /** For administrators: failed deliveries and those retrying after an error. */
    async problems(opts: { page?: number } = {}) {
      const page = pageOf(opts.page);
      const rows = await deliveries.problems(db, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE + 1 });
      const at = now();
      const items = rows.slice(0, PAGE_SIZE).map((r) => ({
        ...toDelivery(r, at),
        subject: r.subject,
        kind: r.kind,
        contractId: r.contract_id,
        recipientName: r.recipient_name,
        recipientEmail: r.recipient_email,
      }));
      return { items, page, hasNext: rows.length > PAGE_SIZE };
    },
    /** Makes a failed or retrying delivery due at once, with a fresh set of attempts. Audited. */
    async retryNow(actor: Actor, deliveryId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await deliveries.findById(trx, deliveryId);
        if (!before) throw new NotFoundError('The delivery');
        if (before.status !== 'failed' && !(before.status === 'pending' && before.last_error))
          throw new ConflictError('not_retryable', 'Only failed or retrying deliveries can be retried');
        if (!(await deliveries.retryNow(trx, deliveryId, now())))
          throw new ConflictError(
            'delivery_in_progress',
            'This delivery is being sent right now. Try again in a minute',
          );
        const n = (await repo.findById(trx, before.notification_id))!;
        await audit.record(trx, {
          actor,
          action: 'notification.delivery-retry',
          contractId: n.contract_id,
          resource: { type: 'notification-delivery', id: deliveryId },
          details: {
            channel: before.channel,
            before: { status: before.status, attempts: Number(before.attempts), lastError: before.last_error },
            after: { status: 'pending', attempts: 0 },
          },
        });
      });
    },
  };
}
