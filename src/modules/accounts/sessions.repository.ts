import { type ModuleDb } from '../../platform/db/index.ts';
import type { AccountLinksTable, AccountsTables, SessionsTable } from './accounts.tables.ts';

/** Every query about sessions, one-time account links and sign-in throttles. */
export function sessionsRepository(db: ModuleDb<AccountsTables>) {
  return {
    find: (id: string) => db().selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst(),
    async insert(row: SessionsTable) {
      await db().insertInto('sessions').values(row).execute();
    },
    async touch(id: string, at: string) {
      await db().updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
    },
    /** Deletes a session; false if it was already gone (ended by a concurrent request). */
    async delete(id: string): Promise<boolean> {
      const r = await db().deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async deleteForUser(userId: string): Promise<number> {
      const r = await db().deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    listForUser: (userId: string) =>
      db().selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute(),
    /** Sessions past their absolute limit, or idle since before the cutoff for their stage. */
    listExpired: (now: string, activeIdleCutoff: string, pendingIdleCutoff: string) =>
      db()
        .selectFrom('sessions')
        .select(['id', 'user_id', 'stage'])
        .where((eb) =>
          eb.or([
            eb('absolute_expires_at', '<=', now),
            eb.and([eb('stage', '=', 'active'), eb('last_seen_at', '<=', activeIdleCutoff)]),
            eb.and([eb('stage', '!=', 'active'), eb('last_seen_at', '<=', pendingIdleCutoff)]),
          ]),
        )
        .limit(1000)
        .execute(),
  };
}

export function linksRepository(db: ModuleDb<AccountsTables>) {
  return {
    find: (id: string) => db().selectFrom('account_links').selectAll().where('id', '=', id).executeTakeFirst(),
    async insert(row: AccountLinksTable) {
      await db().insertInto('account_links').values(row).execute();
    },
    /** Uses a link once: true only for the request that wins. */
    async use(id: string, at: string): Promise<boolean> {
      const r = await db()
        .updateTable('account_links')
        .set({ used_at: at })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Earlier unused links of the same purpose stop working when a new one is issued. */
    async expireOpen(purpose: AccountLinksTable['purpose'], userId: string | null, at: string) {
      let q = db()
        .updateTable('account_links')
        .set({ expires_at: at })
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at);
      q = userId ? q.where('user_id', '=', userId) : q.where('user_id', 'is', null);
      await q.execute();
    },
  };
}

export function throttlesRepository(db: ModuleDb<AccountsTables>) {
  return {
    find: (key: string) => db().selectFrom('login_throttles').selectAll().where('key', '=', key).executeTakeFirst(),
    async upsert(row: { key: string; failures: number; last_failure_at: string; blocked_until: string }) {
      await db()
        .insertInto('login_throttles')
        .values(row)
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            failures: row.failures,
            last_failure_at: row.last_failure_at,
            blocked_until: row.blocked_until,
          }),
        )
        .execute();
    },
    async clear(key: string) {
      await db().deleteFrom('login_throttles').where('key', '=', key).execute();
    },
    /** Counters nobody has tripped for a day are forgotten (the throttle ignores them anyway). */
    async deleteStale(before: string): Promise<number> {
      const r = await db()
        .deleteFrom('login_throttles')
        .where('last_failure_at', '<', before)
        .where('blocked_until', '<', before)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
