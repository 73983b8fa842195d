import { type ModuleDb } from '../../platform/db/index.ts';
import type { NotificationsTable, NotificationsTables } from './notifications.tables.ts';
import { startsWith, toCount } from '../../platform/db/index.ts';

export type NotificationRow = NotificationsTable;

/** Every query about notifications themselves (the in-app side). */
export function notificationsRepository(db: ModuleDb<NotificationsTables>) {
  return {
    /** Inserts unless the idempotency key exists; true when inserted. ON CONFLICT keeps a PostgreSQL transaction usable. */
    async insertIfNew(row: NotificationRow): Promise<boolean> {
      const r = await db()
        .insertInto('notifications')
        .values(row)
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return r !== undefined;
    },
    findById: (id: string) => db().selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst(),
    findByKey: (key: string) =>
      db().selectFrom('notifications').selectAll().where('idempotency_key', '=', key).executeTakeFirst(),
    findForUser: (userId: string, id: string) =>
      db()
        .selectFrom('notifications')
        .selectAll()
        .where('id', '=', id)
        .where('recipient_user_id', '=', userId)
        .executeTakeFirst(),
    /** Newest first; `limit + 1` rows are asked for by callers that want to know whether a next page exists. */
    listForUser(userId: string, opts: { offset: number; limit: number; unreadOnly?: boolean }) {
      let q = db().selectFrom('notifications').selectAll().where('recipient_user_id', '=', userId);
      if (opts.unreadOnly) q = q.where('read_at', 'is', null);
      return q.orderBy('created_at', 'desc').orderBy('id', 'desc').offset(opts.offset).limit(opts.limit).execute();
    },
    /** Served by the partial index on unread rows: cheap enough for every page's header. */
    async unreadCount(userId: string): Promise<number> {
      const r = await db()
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('recipient_user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return toCount(r?.n);
    },
    async markRead(userId: string, id: string, at: string): Promise<boolean> {
      const r = await db()
        .updateTable('notifications')
        .set({ read_at: at })
        .where('id', '=', id)
        .where('recipient_user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Marks read the person's unread notifications whose key starts with one of the prefixes; how many. */
    async markReadByKeyPrefix(userId: string, prefixes: readonly string[], at: string): Promise<number> {
      if (prefixes.length === 0) return 0;
      const r = await db()
        .updateTable('notifications')
        .set({ read_at: at })
        .where('recipient_user_id', '=', userId)
        .where('read_at', 'is', null)
        .where((eb) => eb.or(prefixes.map((p) => startsWith('idempotency_key', p))))
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async markAllRead(userId: string, at: string): Promise<number> {
      const r = await db()
        .updateTable('notifications')
        .set({ read_at: at })
        .where('recipient_user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}
