import { type ModuleDb } from '../../platform/db/index.ts';
import type { AccountsTables, UsersTable } from './accounts.tables.ts';
import { containsText, toCount } from '../../platform/db/index.ts';

export type UserRow = UsersTable;

/** Every query about user rows and their recovery codes. */
export function usersRepository(db: ModuleDb<AccountsTables>) {
  return {
    findById: (id: string) => db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
    findByEmail: (email: string) =>
      db().selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst(),
    list(filter: { organisationId?: string; ids?: string[]; search?: string } = {}) {
      let q = db().selectFrom('users').selectAll();
      if (filter.organisationId) q = q.where('organisation_id', '=', filter.organisationId);
      if (filter.ids) {
        if (filter.ids.length === 0) return Promise.resolve([] as UserRow[]);
        q = q.where('id', 'in', filter.ids);
      }
      if (filter.search) {
        const text = filter.search;
        q = q.where((eb) => eb.or([containsText('display_name', text), containsText('email', text)]));
      }
      return q.orderBy('display_name').orderBy('email').execute();
    },
    async insert(row: UserRow) {
      await db().insertInto('users').values(row).execute();
    },
    async update(id: string, patch: Partial<Omit<UserRow, 'id' | 'created_at'>>) {
      await db().updateTable('users').set(patch).where('id', '=', id).execute();
    },
    /** Accepts a TOTP step only if it is newer than the last one: a code works once. */
    async claimTotpStep(id: string, step: number): Promise<boolean> {
      const r = await db()
        .updateTable('users')
        .set({ mfa_last_step: step })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async count() {
      const r = await db()
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      return toCount(r?.n);
    },
    async replaceRecoveryCodes(userId: string, rows: { id: string; code_hash: string; created_at: string }[]) {
      await db().deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      if (rows.length)
        await db()
          .insertInto('recovery_codes')
          .values(rows.map((r) => ({ ...r, user_id: userId, used_at: null })))
          .execute();
    },
    /** Marks a matching unused code as used; true only for the one request that wins. */
    async useRecoveryCode(userId: string, codeHash: string, at: string): Promise<boolean> {
      const r = await db()
        .updateTable('recovery_codes')
        .set({ used_at: at })
        .where('user_id', '=', userId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async unusedRecoveryCodes(userId: string) {
      const r = await db()
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return toCount(r?.n);
    },
  };
}
