import type { ExpressionBuilder } from 'kysely';
import { claimable, type UnitOfWork } from '../../platform/db/index.ts';
import type { NotificationDeliveriesTable, NotificationsTables } from './notifications.tables.ts';

export type DeliveryRow = NotificationDeliveriesTable;
type Settled = Partial<Pick<DeliveryRow, 'status' | 'next_attempt_at' | 'last_error' | 'delivered_at'>>;

/** Due and not held by a live lease: what a worker may take. */
const due = (now: string) => (eb: ExpressionBuilder<NotificationsTables, 'notification_deliveries'>) =>
  eb.and([
    eb('status', '=', 'pending'),
    eb('next_attempt_at', '<=', now),
    eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]),
  ]);

/** Every query about the outbox rows. */
export function deliveriesRepository(uow: UnitOfWork) {
  const db = uow.tables<NotificationsTables>();
  return {
    async insertMany(rows: DeliveryRow[]) {
      if (rows.length) await db().insertInto('notification_deliveries').values(rows).execute();
    },
    forNotifications(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([] as DeliveryRow[]);
      return db()
        .selectFrom('notification_deliveries')
        .selectAll()
        .where('notification_id', 'in', ids)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },
    findById: (id: string) =>
      db().selectFrom('notification_deliveries').selectAll().where('id', '=', id).executeTakeFirst(),

    /**
     * Takes up to `limit` due deliveries for `owner` until `leaseUntil`, counting the attempt now (so a
     * worker that dies mid-send still uses one up). One statement: the candidates are chosen and locked
     * (SKIP LOCKED on PostgreSQL, see `claimable`) in a MATERIALIZED CTE, then a conditional UPDATE …
     * RETURNING re-checks they are still due. The CTE matters: as a plain `id in (…)` subquery,
     * PostgreSQL may re-run the locking subquery for each row, skip the rows this very statement has
     * just updated, and so claim far more than `limit`.
     */
    claim(opts: { owner: string; now: string; leaseUntil: string; limit: number }): Promise<DeliveryRow[]> {
      return db()
        .with(
          (cte) => cte('claimable').materialized(),
          (db) =>
            claimable(
              uow.dialect,
              db
                .selectFrom('notification_deliveries')
                .select('id')
                .where(due(opts.now))
                .orderBy('next_attempt_at')
                .orderBy('id')
                .limit(opts.limit),
            ),
        )
        .updateTable('notification_deliveries')
        .set((eb) => ({
          lease_owner: opts.owner,
          lease_until: opts.leaseUntil,
          attempts: eb('attempts', '+', 1),
          last_attempt_at: opts.now,
          updated_at: opts.now,
        }))
        .where('id', 'in', (eb) => eb.selectFrom('claimable').select('claimable.id'))
        .where(due(opts.now))
        .returningAll()
        .execute();
    },

    /**
     * Records the outcome of an attempt, only if `owner` still holds the lease: a worker whose lease
     * ran out (and was taken over) must not overwrite what the new holder records. False if it lost it.
     */
    async settle(id: string, owner: string, now: string, patch: Settled): Promise<boolean> {
      const r = await db()
        .updateTable('notification_deliveries')
        .set({ ...patch, lease_owner: null, lease_until: null, updated_at: now })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Gives a lease back on shutdown: due again at once, and the interrupted attempt is not counted. */
    async release(id: string, owner: string, now: string): Promise<boolean> {
      const r = await db()
        .updateTable('notification_deliveries')
        .set((eb) => ({
          lease_owner: null,
          lease_until: null,
          next_attempt_at: now,
          updated_at: now,
          attempts: eb('attempts', '-', 1),
        }))
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** What a worker needs from this module to send one delivery: the notification and the webhook. */
    workItem: (id: string) =>
      db()
        .selectFrom('notification_deliveries as d')
        .innerJoin('notifications as n', 'n.id', 'd.notification_id')
        .leftJoin('webhook_subscriptions as w', 'w.id', 'd.subscription_id')
        .select([
          'n.id as notificationId',
          'n.idempotency_key as key',
          'n.kind',
          'n.subject',
          'n.body_text as text',
          'n.link_path as link',
          'n.created_at as createdAt',
          'n.contract_id as contractId',
          'n.recipient_user_id as recipientId',
          'w.id as webhookId',
          'w.url as webhookUrl',
          'w.secret as webhookSecret',
          'w.party as webhookParty',
          'w.disabled_at as webhookDisabledAt',
        ])
        .where('d.id', '=', id)
        .executeTakeFirst(),

    /** Failed deliveries and those waiting to retry after an error, most recently changed first. */
    problems: (opts: { offset: number; limit: number }) =>
      db()
        .selectFrom('notification_deliveries as d')
        .innerJoin('notifications as n', 'n.id', 'd.notification_id')
        .selectAll('d')
        .select(['n.subject', 'n.kind', 'n.contract_id', 'n.recipient_user_id'])
        .where((eb) =>
          eb.or([
            eb('d.status', '=', 'failed'),
            eb.and([eb('d.status', '=', 'pending'), eb('d.last_error', 'is not', null)]),
          ]),
        )
        .orderBy('d.updated_at', 'desc')
        .orderBy('d.id', 'desc')
        .offset(opts.offset)
        .limit(opts.limit)
        .execute(),

    /** Makes a failed or retrying delivery due now with a fresh set of attempts; refuses one being sent. */
    async retryNow(id: string, now: string): Promise<boolean> {
      const r = await db()
        .updateTable('notification_deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: now, updated_at: now })
        .where('id', '=', id)
        .where((eb) =>
          eb.or([
            eb('status', '=', 'failed'),
            eb.and([
              eb('status', '=', 'pending'),
              eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]),
            ]),
          ]),
        )
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** A disabled webhook takes nothing more: its waiting deliveries are cancelled (one in flight settles itself). */
    async cancelForSubscription(subscriptionId: string, now: string) {
      await db()
        .updateTable('notification_deliveries')
        .set({ status: 'cancelled', last_error: 'The webhook was disabled before this was delivered', updated_at: now })
        .where('subscription_id', '=', subscriptionId)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
        .execute();
    },
  };
}

/** One delivery's notification and webhook, as this module stores them. */
export type StoredWorkItem = NonNullable<Awaited<ReturnType<ReturnType<typeof deliveriesRepository>['workItem']>>>;

/** One delivery with its recipient and contract as their modules tell them: what the channels send. */
export interface WorkItem extends StoredWorkItem {
  recipientName: string;
  recipientDisabled: boolean;
  contractReference: string | null;
}
