import type { AccountLinksTable, Executor, SessionsTable } from '../../platform/db/index.ts';

/** Every query about sessions, one-time account links and sign-in throttles. */
export const sessionsRepository = {
  find: (ex: Executor, id: string) => ex.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst(),
  async insert(ex: Executor, row: SessionsTable) {
    await ex.insertInto('sessions').values(row).execute();
  },
  async touch(ex: Executor, id: string, at: string) {
    await ex.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  },
  async delete(ex: Executor, id: string) {
    await ex.deleteFrom('sessions').where('id', '=', id).execute();
  },
  async deleteForUser(ex: Executor, userId: string): Promise<number> {
    const r = await ex.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  listForUser: (ex: Executor, userId: string) =>
    ex.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute(),
  /** Sessions past their absolute limit, or idle since before the cutoff for their stage. */
  listExpired: (ex: Executor, now: string, activeIdleCutoff: string, pendingIdleCutoff: string) =>
    ex
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

export const linksRepository = {
  find: (ex: Executor, id: string) =>
    ex.selectFrom('account_links').selectAll().where('id', '=', id).executeTakeFirst(),
  async insert(ex: Executor, row: AccountLinksTable) {
    await ex.insertInto('account_links').values(row).execute();
  },
  /** Uses a link once: true only for the request that wins. */
  async use(ex: Executor, id: string, at: string): Promise<boolean> {
    const r = await ex
      .updateTable('account_links')
      .set({ used_at: at })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Earlier unused links of the same purpose stop working when a new one is issued. */
  async expireOpen(ex: Executor, purpose: AccountLinksTable['purpose'], userId: string | null, at: string) {
    let q = ex
      .updateTable('account_links')
      .set({ expires_at: at })
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at);
    q = userId ? q.where('user_id', '=', userId) : q.where('user_id', 'is', null);
    await q.execute();
  },
};

export const throttlesRepository = {
  find: (ex: Executor, key: string) =>
    ex.selectFrom('login_throttles').selectAll().where('key', '=', key).executeTakeFirst(),
  async upsert(ex: Executor, row: { key: string; failures: number; last_failure_at: string; blocked_until: string }) {
    await ex
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
  async clear(ex: Executor, key: string) {
    await ex.deleteFrom('login_throttles').where('key', '=', key).execute();
  },
  /** Counters nobody has tripped for a day are forgotten (the throttle ignores them anyway). */
  async deleteStale(ex: Executor, before: string): Promise<number> {
    const r = await ex
      .deleteFrom('login_throttles')
      .where('last_failure_at', '<', before)
      .where('blocked_until', '<', before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};
