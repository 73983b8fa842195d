import type { ApiTokensTable, Executor } from '../../platform/db/index.ts';

export type ApiTokenRow = ApiTokensTable;

/** Every query about API tokens. */
export const apiTokensRepository = {
  findByHash: (ex: Executor, hash: string) =>
    ex.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst(),
  findById: (ex: Executor, id: string) =>
    ex.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst(),
  list: (ex: Executor, filter: { contractId?: string } = {}) => {
    let q = ex.selectFrom('api_tokens').selectAll();
    if (filter.contractId) q = q.where('contract_id', '=', filter.contractId);
    return q.orderBy('created_at', 'desc').execute();
  },
  async insert(ex: Executor, row: ApiTokenRow) {
    await ex.insertInto('api_tokens').values(row).execute();
  },
  async revoke(ex: Executor, id: string, at: string): Promise<boolean> {
    const r = await ex
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async touch(ex: Executor, id: string, at: string) {
    await ex.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  },
};
