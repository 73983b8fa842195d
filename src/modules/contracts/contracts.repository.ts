import type { ContractsTable, Executor, MembershipsTable } from '../../platform/db/index.ts';

export type ContractRow = ContractsTable;
export type MembershipRow = MembershipsTable;

/** Every query about contracts and the roles people hold on them. */
export const contractsRepository = {
  findById: (ex: Executor, id: string) =>
    ex.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst(),
  /** All contracts, or only those the user holds a role on. */
  list(ex: Executor, filter: { memberUserId?: string; ids?: string[] } = {}) {
    let q = ex.selectFrom('contracts').selectAll();
    if (filter.memberUserId) {
      const userId = filter.memberUserId;
      q = q.where('id', 'in', (eb) => eb.selectFrom('memberships').select('contract_id').where('user_id', '=', userId));
    }
    if (filter.ids) q = q.where('id', 'in', filter.ids.length ? filter.ids : ['']);
    return q.orderBy('order_reference').execute();
  },
  async insert(ex: Executor, row: ContractRow) {
    await ex.insertInto('contracts').values(row).execute();
  },
  async update(ex: Executor, id: string, patch: Partial<Omit<ContractRow, 'id' | 'created_at'>>) {
    await ex.updateTable('contracts').set(patch).where('id', '=', id).execute();
  },
  findByReference: (ex: Executor, reference: string) =>
    ex.selectFrom('contracts').selectAll().where('order_reference', '=', reference).executeTakeFirst(),
  membershipsOfUser: (ex: Executor, userId: string) =>
    ex.selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('created_at').execute(),
  memberships: (ex: Executor, contractId: string) =>
    ex.selectFrom('memberships').selectAll().where('contract_id', '=', contractId).orderBy('created_at').execute(),
  findMembership: (ex: Executor, contractId: string, membershipId: string) =>
    ex
      .selectFrom('memberships')
      .selectAll()
      .where('contract_id', '=', contractId)
      .where('id', '=', membershipId)
      .executeTakeFirst(),
  async rolesOf(ex: Executor, userId: string, contractId: string): Promise<string[]> {
    const rows = await ex
      .selectFrom('memberships')
      .select('role')
      .where('user_id', '=', userId)
      .where('contract_id', '=', contractId)
      .execute();
    return rows.map((r) => r.role);
  },
  async insertMembership(ex: Executor, row: MembershipRow) {
    await ex.insertInto('memberships').values(row).execute();
  },
  async deleteMembership(ex: Executor, id: string) {
    await ex.deleteFrom('memberships').where('id', '=', id).execute();
  },
};
