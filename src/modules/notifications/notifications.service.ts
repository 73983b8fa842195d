import type { UsersService } from '../accounts/index.ts';
import type { AuditLog } from '../audit-log/index.ts';
import type { Contract, ContractsService } from '../contracts/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  ConflictError,
  iso,
  newId,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import { deliveriesRepository, type DeliveryRow } from './deliveries.repository.ts';
import { toDelivery, toNotification, urlOrigin } from './mappers.ts';
import { notificationsRepository, type NotificationRow } from './notifications.repository.ts';
import {
  notificationMessage,
  type Delivery,
  type Notification,
  type NotificationMessage,
  type Page,
  type Party,
} from './notifications.schemas.ts';
import type { NotificationsTables } from './notifications.tables.ts';
import { webhooksRepository } from './webhooks.repository.ts';

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
export function createNotificationsService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  /** Recipients' addresses and organisations (read in the caller's transaction, like everything here). */
  users: Pick<UsersService, 'list'>;
  /** The contract's parties, for matching webhook subscriptions. */
  contracts: Pick<ContractsService, 'get'>;
  emailEnabled: boolean;
}) {
  const { uow, clock, audit } = deps;
  const repo = notificationsRepository(uow.tables<NotificationsTables>());
  const webhooks = webhooksRepository(uow.tables<NotificationsTables>());
  const deliveries = deliveriesRepository(uow);
  const now = () => iso(clock.now());

  async function contractOrUndefined(id: string): Promise<Contract | undefined> {
    try {
      return await deps.contracts.get(id);
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  async function enqueueOne(input: NotificationMessage): Promise<EnqueueResult> {
    const m = parseInput(notificationMessage, input);
    const existing = await repo.findByKey(m.key);
    if (existing) return { notificationId: existing.id, created: false };
    const recipient = (await deps.users.list({ ids: [m.userId] }))[0];
    if (!recipient) throw new ValidationError({ userId: 'There is no user with this id' });
    const contract = m.contractId ? await contractOrUndefined(m.contractId) : undefined;
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
    if (!(await repo.insertIfNew(row))) return { notificationId: (await repo.findByKey(m.key))!.id, created: false };

    const email = !deps.emailEnabled
      ? { status: 'skipped' as const, last_error: EMAIL_OFF }
      : recipient.status === 'disabled'
        ? { status: 'skipped' as const, last_error: 'The account is disabled' }
        : {};
    const rows = [
      // In-app delivery is the stored row itself: delivered the moment the transaction commits.
      deliveryRow(row.id, 'in-app', at, { status: 'delivered', delivered_at: at }),
      deliveryRow(row.id, 'email', at, { destination: recipient.email, ...email }),
    ];
    const party: Party | undefined =
      contract &&
      (recipient.organisationId === contract.agencyOrganisationId
        ? 'agency'
        : recipient.organisationId === contract.clientOrganisationId
          ? 'client'
          : undefined);
    if (contract && party) {
      for (const s of await webhooks.active(contract.id, party))
        rows.push(deliveryRow(row.id, 'webhook', at, { subscription_id: s.id, destination: urlOrigin(s.url) }));
    }
    await deliveries.insertMany(rows);
    return { notificationId: row.id, created: true };
  }

  const withDeliveries = async (rows: NotificationRow[]): Promise<NotificationWithDeliveries[]> => {
    const all = await deliveries.forNotifications(rows.map((r) => r.id));
    const at = now();
    return rows.map((r) => ({
      notification: toNotification(r),
      deliveries: all.filter((d) => d.notification_id === r.id).map((d) => toDelivery(d, at)),
    }));
  };

  const list = async (userId: string, opts: { page?: number; unreadOnly?: boolean }) => {
    const page = pageOf(opts.page);
    const rows = await repo.listForUser(userId, {
      offset: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE + 1,
      unreadOnly: opts.unreadOnly,
    });
    return { rows: rows.slice(0, PAGE_SIZE), page, hasNext: rows.length > PAGE_SIZE };
  };

  return {
    /**
     * Writes one notification and its deliveries in the caller's transaction (or one of its own),
     * so they exist exactly when the change that caused them does. Enqueueing a key that exists is
     * a no-op. Throws ValidationError for a malformed message or an unknown user or contract.
     */
    enqueue: (message: NotificationMessage): Promise<EnqueueResult> => uow.transaction(() => enqueueOne(message)),
    /** `enqueue` for each message in order, in the same transaction. */
    enqueueMany: (messages: readonly NotificationMessage[]): Promise<EnqueueResult[]> =>
      uow.transaction(async () => {
        const results: EnqueueResult[] = [];
        for (const m of messages) results.push(await enqueueOne(m));
        return results;
      }),
    unreadCount: (userId: string) => repo.unreadCount(userId),
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
      const row = await repo.findForUser(userId, id);
      if (!row) throw new NotFoundError('The notification');
      return (await withDeliveries([row]))[0]!;
    },
    async markRead(userId: string, id: string): Promise<void> {
      if (!(await repo.findForUser(userId, id))) throw new NotFoundError('The notification');
      await repo.markRead(userId, id, now());
    },
    /** One of the person's own notifications, opened: it is read from now on (someone else's is not found). */
    async open(userId: string, id: string): Promise<NotificationWithDeliveries> {
      if (!(await repo.findForUser(userId, id))) throw new NotFoundError('The notification');
      await repo.markRead(userId, id, now());
      const row = (await repo.findForUser(userId, id))!;
      return (await withDeliveries([row]))[0]!;
    },
    /**
     * The person has done what some notifications announced (decided the version, resubmitted the
     * plan): those for them whose key starts with one of `keyPrefixes` become read. Modules name their
     * own keys (`smp:<version id>:`), so each says which of its announcements an action answers.
     * Runs in the caller's transaction; the actor is only a user (a token or the system reads nothing).
     */
    markActedOn: async (actor: Actor, keyPrefixes: readonly string[]): Promise<number> =>
      actor.type === 'user' ? repo.markReadByKeyPrefix(actor.userId, keyPrefixes, now()) : 0,
    markAllRead: (userId: string) => repo.markAllRead(userId, now()),

    /** For administrators: failed deliveries and those retrying after an error. */
    async problems(opts: { page?: number } = {}) {
      const page = pageOf(opts.page);
      const rows = await deliveries.problems({ offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE + 1 });
      const shown = rows.slice(0, PAGE_SIZE);
      const people = new Map(
        (await deps.users.list({ ids: [...new Set(shown.map((r) => r.recipient_user_id))] })).map((u) => [u.id, u]),
      );
      const at = now();
      const items = shown.map((r) => ({
        ...toDelivery(r, at),
        subject: r.subject,
        kind: r.kind,
        contractId: r.contract_id,
        recipientName: people.get(r.recipient_user_id)?.displayName ?? '',
        recipientEmail: people.get(r.recipient_user_id)?.email ?? '',
      }));
      return { items, page, hasNext: rows.length > PAGE_SIZE };
    },
    /** Makes a failed or retrying delivery due at once, with a fresh set of attempts. Audited. */
    async retryNow(actor: Actor, deliveryId: string): Promise<void> {
      await uow.transaction(async () => {
        const before = await deliveries.findById(deliveryId);
        if (!before) throw new NotFoundError('The delivery');
        if (before.status !== 'failed' && !(before.status === 'pending' && before.last_error))
          throw new ConflictError('not_retryable', 'Only failed or retrying deliveries can be retried');
        if (!(await deliveries.retryNow(deliveryId, now())))
          throw new ConflictError(
            'delivery_in_progress',
            'This delivery is being sent right now. Try again in a minute',
          );
        const n = (await repo.findById(before.notification_id))!;
        await audit.record({
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
