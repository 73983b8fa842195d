import type { UnitOfWork } from '../../platform/db/index.ts';
import type { ScimFilter } from '../../platform/scim/index.ts';
import { scimFilterCondition } from './scim-user-filter.ts';
import type { PersonnelScimUsersTable, PersonnelTables } from './personnel.tables.ts';

export type ScimUserRow = PersonnelScimUsersTable;
export type ScimUserFields = Omit<ScimUserRow, 'id' | 'contract_id' | 'person_id' | 'version' | 'created_at'>;

/** The identity provider's records of a contract's people (personnel_scim_users), and the people they feed. */
export function scimUsersRepository(uow: UnitOfWork) {
  const db = uow.tables<PersonnelTables>();
  const matching = (contractId: string, filter: ScimFilter | undefined) =>
    db()
      .selectFrom('personnel_scim_users')
      .where('contract_id', '=', contractId)
      .$if(filter !== undefined, (q) => q.where(scimFilterCondition(filter!, uow.dialect)));
  return {
    /** One page of the users matching `filter`, in creation order (ids break ties), and how many match in all. */
    async page(contractId: string, filter: ScimFilter | undefined, offset: number, limit: number) {
      const total = await matching(contractId, filter)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const rows =
        limit > 0
          ? await matching(contractId, filter)
              .selectAll()
              .orderBy('created_at')
              .orderBy('id')
              .limit(limit)
              .offset(offset)
              .execute()
          : [];
      return { total: Number(total.n), rows };
    },
    find: (contractId: string, id: string) =>
      db()
        .selectFrom('personnel_scim_users')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('id', '=', id)
        .executeTakeFirst(),
    /** The user holding a userName in the contract (the key is the userName lower-cased). */
    byUserName: (contractId: string, key: string) =>
      db()
        .selectFrom('personnel_scim_users')
        .select(['id', 'person_id'])
        .where('contract_id', '=', contractId)
        .where('user_name_key', '=', key)
        .executeTakeFirst(),
    /** The user feeding a person, if any. */
    ofPerson: (personId: string) =>
      db().selectFrom('personnel_scim_users').select('id').where('person_id', '=', personId).executeTakeFirst(),
    /** The person on the register with this work email (stored lower-cased), if any. */
    personByEmail: (contractId: string, email: string) =>
      db()
        .selectFrom('personnel_people')
        .select('id')
        .where('contract_id', '=', contractId)
        .where('email', '=', email)
        .executeTakeFirst(),
    /** The person on the register with this employee id, if any. */
    personByExternalId: (contractId: string, externalId: string) =>
      db()
        .selectFrom('personnel_people')
        .select('id')
        .where('contract_id', '=', contractId)
        .where('external_id', '=', externalId)
        .executeTakeFirst(),
    async insert(row: ScimUserRow) {
      await db().insertInto('personnel_scim_users').values(row).execute();
    },
    async update(id: string, fields: ScimUserFields, version: number) {
      await db()
        .updateTable('personnel_scim_users')
        .set({ ...fields, version })
        .where('id', '=', id)
        .execute();
    },
    async remove(id: string) {
      await db().deleteFrom('personnel_scim_users').where('id', '=', id).execute();
    },
  };
}
