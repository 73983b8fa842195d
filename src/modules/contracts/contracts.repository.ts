import { type ModuleDb } from '../../platform/db/index.ts';
import type { ContractsTable, ContractsTables, MembershipsTable } from './contracts.tables.ts';

export type ContractRow = ContractsTable;
export type MembershipRow = MembershipsTable;

/** Every query about contracts and the roles people hold on them. */
export function contractsRepository(db: ModuleDb<ContractsTables>) {
  return {
    findById: (id: string) => db().selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst(),
    /** All contracts, or only those the user holds a role on. */
    list(filter: { memberUserId?: string; ids?: string[] } = {}) {
      let q = db().selectFrom('contracts').selectAll();
      if (filter.memberUserId) {
        const userId = filter.memberUserId;
        q = q.where('id', 'in', (eb) =>
          eb.selectFrom('memberships').select('contract_id').where('user_id', '=', userId),
        );
      }
      if (filter.ids) q = q.where('id', 'in', filter.ids.length ? filter.ids : ['']);
      return q.orderBy('order_reference').execute();
    },
    async insert(row: ContractRow) {
      await db().insertInto('contracts').values(row).execute();
    },
    async update(id: string, patch: Partial<Omit<ContractRow, 'id' | 'created_at'>>) {
      await db().updateTable('contracts').set(patch).where('id', '=', id).execute();
    },
    findByReference: (reference: string) =>
      db().selectFrom('contracts').selectAll().where('order_reference', '=', reference).executeTakeFirst(),
    membershipsOfUser: (userId: string) =>
      db().selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('created_at').execute(),
    memberships: (contractId: string) =>
      db().selectFrom('memberships').selectAll().where('contract_id', '=', contractId).orderBy('created_at').execute(),
    findMembership: (contractId: string, membershipId: string) =>
      db()
        .selectFrom('memberships')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('id', '=', membershipId)
        .executeTakeFirst(),
    async rolesOf(userId: string, contractId: string): Promise<string[]> {
      const rows = await db()
        .selectFrom('memberships')
        .select('role')
        .where('user_id', '=', userId)
        .where('contract_id', '=', contractId)
        .execute();
      return rows.map((r) => r.role);
    },
    async insertMembership(row: MembershipRow) {
      await db().insertInto('memberships').values(row).execute();
    },
    async deleteMembership(id: string) {
      await db().deleteFrom('memberships').where('id', '=', id).execute();
    },
  };
}
