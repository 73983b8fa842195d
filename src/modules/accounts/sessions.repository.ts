import { sql } from 'kysely';
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

/** Allowances of attempts as a generic cell rate limiter: `tat_ms` is when a key's allowance is whole again. */
export function throttlesRepository(db: ModuleDb<AccountsTables>) {
  return {
    /**
     * Takes one attempt from a key's allowance in a single statement, or takes nothing when it is
     * spent: true if taken. An insert-or-update whose update is conditional, so concurrent attempts
     * each see the ones before them, on SQLite (one writer) and PostgreSQL (the row's lock) alike.
     */
    async take(key: string, nowMs: number, rule: { burst: number; intervalMs: number }): Promise<boolean> {
      const current = sql.ref('login_throttles.tat_ms');
      const taken = await db()
        .insertInto('login_throttles')
        .values({ key, tat_ms: nowMs + rule.intervalMs })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet({
              tat_ms: sql<number>`(case when ${current} > ${nowMs} then ${current} else ${nowMs} end) + ${rule.intervalMs}`,
            })
            .where(current, '<=', nowMs + (rule.burst - 1) * rule.intervalMs),
        )
        .returning('tat_ms')
        .executeTakeFirst();
      return taken !== undefined;
    },
    /** Gives back one attempt taken by `take` (the attempt succeeded, so it costs nothing). */
    async giveBack(key: string, intervalMs: number): Promise<void> {
      await db()
        .updateTable('login_throttles')
        .set({ tat_ms: sql<number>`tat_ms - ${intervalMs}` })
        .where('key', '=', key)
        .execute();
    },
    tatOf: async (key: string): Promise<number | undefined> =>
      (await db().selectFrom('login_throttles').select('tat_ms').where('key', '=', key).executeTakeFirst())?.tat_ms,
    async clear(key: string) {
      await db().deleteFrom('login_throttles').where('key', '=', key).execute();
    },
    /** Allowances already whole again are forgotten: a missing row means the same. */
    async deleteStale(nowMs: number): Promise<number> {
      const r = await db().deleteFrom('login_throttles').where('tat_ms', '<=', nowMs).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
