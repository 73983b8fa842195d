import type { ModuleDb } from '../../platform/db/index.ts';
import type {
  ClearancePeriodsTable,
  ClearanceRolePeopleTable,
  ClearanceRolesTable,
  ClearancesTable,
  ClearancesTables,
} from './clearances.tables.ts';

export type ClearanceRow = ClearancesTable;
export type PeriodRow = ClearancePeriodsTable;
export type RoleRow = ClearanceRolesTable;
export type AssignmentRow = ClearanceRolePeopleTable;

/** Every query of the clearances module, on its own tables only. */
export function clearancesRepository(db: ModuleDb<ClearancesTables>) {
  return {
    ofPerson: (contractId: string, personId: string) =>
      db()
        .selectFrom('clearances')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('person_id', '=', personId)
        .orderBy('granted_on', 'desc')
        .orderBy('id')
        .execute(),
    find: (contractId: string, id: string) =>
      db()
        .selectFrom('clearances')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('id', '=', id)
        .executeTakeFirst(),
    async insert(row: ClearanceRow) {
      await db().insertInto('clearances').values(row).execute();
    },
    /** Changes a clearance that is still active; false when someone ended it first. */
    async updateActive(id: string, patch: Partial<Omit<ClearanceRow, 'id' | 'contract_id' | 'person_id'>>) {
      const r = await db()
        .updateTable('clearances')
        .set(patch)
        .where('id', '=', id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    periods: (contractId: string) =>
      db().selectFrom('clearance_periods').selectAll().where('contract_id', '=', contractId).execute(),
    async putPeriod(row: PeriodRow) {
      await db()
        .deleteFrom('clearance_periods')
        .where('contract_id', '=', row.contract_id)
        .where('level', '=', row.level)
        .execute();
      await db().insertInto('clearance_periods').values(row).execute();
    },
    async deletePeriod(contractId: string, level: string) {
      await db()
        .deleteFrom('clearance_periods')
        .where('contract_id', '=', contractId)
        .where('level', '=', level)
        .execute();
    },
    roles: (contractId: string) =>
      db()
        .selectFrom('clearance_roles')
        .selectAll()
        .where('contract_id', '=', contractId)
        .orderBy('title_key')
        .execute(),
    role: (contractId: string, id: string) =>
      db()
        .selectFrom('clearance_roles')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('id', '=', id)
        .executeTakeFirst(),
    async insertRole(row: RoleRow) {
      await db().insertInto('clearance_roles').values(row).execute();
    },
    /** Changes a role only at the revision the caller read; false when it changed meanwhile. */
    async updateRole(id: string, revision: number, patch: Partial<Omit<RoleRow, 'id' | 'contract_id'>>) {
      const r = await db()
        .updateTable('clearance_roles')
        .set(patch)
        .where('id', '=', id)
        .where('revision', '=', revision)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    assignments: (contractId: string) =>
      db().selectFrom('clearance_role_people').selectAll().where('contract_id', '=', contractId).execute(),
    assignmentsOfPerson: (contractId: string, personId: string) =>
      db()
        .selectFrom('clearance_role_people')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('person_id', '=', personId)
        .execute(),
    async assign(row: AssignmentRow): Promise<boolean> {
      const r = await db()
        .insertInto('clearance_role_people')
        .values(row)
        .onConflict((oc) => oc.columns(['role_id', 'person_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async unassign(roleId: string, personId: string): Promise<boolean> {
      const r = await db()
        .deleteFrom('clearance_role_people')
        .where('role_id', '=', roleId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}

export type ClearancesRepository = ReturnType<typeof clearancesRepository>;
