import type { Executor, NotificationsTable } from '../../platform/db/index.ts';
import { toCount } from '../../platform/db/index.ts';

export type NotificationRow = NotificationsTable;

/** Every query about notifications themselves (the in-app side). */
export const notificationsRepository = {
  /** Inserts unless the idempotency key exists; true when inserted. ON CONFLICT keeps a PostgreSQL transaction usable. */
  async insertIfNew(ex: Executor, row: NotificationRow): Promise<boolean> {
    const r = await ex
      .insertInto('notifications')
      .values(row)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  },
  findById: (ex: Executor, id: string) =>
    ex.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst(),
  findByKey: (ex: Executor, key: string) =>
    ex.selectFrom('notifications').selectAll().where('idempotency_key', '=', key).executeTakeFirst(),
  findForUser: (ex: Executor, userId: string, id: string) =>
    ex
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', id)
      .where('recipient_user_id', '=', userId)
      .executeTakeFirst(),
  /** Newest first; `limit + 1` rows are asked for by callers that want to know whether a next page exists. */
  listForUser(ex: Executor, userId: string, opts: { offset: number; limit: number; unreadOnly?: boolean }) {
    let q = ex.selectFrom('notifications').selectAll().where('recipient_user_id', '=', userId);
    if (opts.unreadOnly) q = q.where('read_at', 'is', null);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').offset(opts.offset).limit(opts.limit).execute();
  },
  /** Served by the partial index on unread rows: cheap enough for every page's header. */
  async unreadCount(ex: Executor, userId: string): Promise<number> {
    const r = await ex
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('recipient_user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return toCount(r?.n);
  },
  async markRead(ex: Executor, userId: string, id: string, at: string): Promise<boolean> {
    const r = await ex
      .updateTable('notifications')
      .set({ read_at: at })
      .where('id', '=', id)
      .where('recipient_user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async markAllRead(ex: Executor, userId: string, at: string): Promise<number> {
    const r = await ex
      .updateTable('notifications')
      .set({ read_at: at })
      .where('recipient_user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  /**
   * The recipient's address and organisation, read here rather than through the accounts service
   * because enqueueing runs inside the caller's transaction, which these reads must join (a read on
   * another connection could wait for that very transaction).
   */
  recipient: (ex: Executor, userId: string) =>
    ex
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'organisation_id', 'disabled_at'])
      .where('id', '=', userId)
      .executeTakeFirst(),
  /** The contract's two parties, for matching webhook subscriptions (same reason as `recipient`). */
  contractParties: (ex: Executor, contractId: string) =>
    ex
      .selectFrom('contracts')
      .select(['id', 'agency_organisation_id', 'client_organisation_id'])
      .where('id', '=', contractId)
      .executeTakeFirst(),
};
