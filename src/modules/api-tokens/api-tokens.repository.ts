import { type ModuleDb } from '../../platform/db/index.ts';
import type { ApiTokensTable, ApiTokensTables } from './api-tokens.tables.ts';

export type ApiTokenRow = ApiTokensTable;

/** Every query about API tokens. */
export function apiTokensRepository(db: ModuleDb<ApiTokensTables>) {
  return {
    findByHash: (hash: string) =>
      db().selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst(),
    findById: (id: string) => db().selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst(),
    list: (filter: { contractId?: string } = {}) => {
      let q = db().selectFrom('api_tokens').selectAll();
      if (filter.contractId) q = q.where('contract_id', '=', filter.contractId);
      return q.orderBy('created_at', 'desc').execute();
    },
    async insert(row: ApiTokenRow) {
      await db().insertInto('api_tokens').values(row).execute();
    },
    async revoke(id: string, at: string): Promise<boolean> {
      const r = await db()
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async touch(id: string, at: string) {
      await db().updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    },
  };
}
