import { sql } from 'kysely';
import { bulkInsert, type ModuleDb, type UnitOfWork } from '../../platform/db/index.ts';
import { statusCondition, type PersonStatus } from './person-status.ts';
import type { PersonnelChecksTable, PersonnelPeopleTable, PersonnelTables } from './personnel.tables.ts';

export type PersonRow = PersonnelPeopleTable;
export type CheckRow = PersonnelChecksTable;
export type PersonPatch = Partial<Omit<PersonRow, 'id' | 'contract_id' | 'created_at' | 'created_by'>>;

/** How the register may be narrowed: by status on a day, and by employer (null: the Agency). */
export interface PeopleFilter {
  status?: { is: PersonStatus; today: string };
  employer?: { subcontractor: string | null };
}

const PERSON_COLUMNS = [
  'id',
  'contract_id',
  'name',
  'name_key',
  'subcontractor',
  'email',
  'job_title',
  'start_date',
  'end_date',
  'leaving',
  'user_id',
  'external_id',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
] as const satisfies readonly (keyof PersonRow)[];

/** Every query of the Agency Staff register and its checks. */
export function personnelRepository(uow: UnitOfWork) {
  const db: ModuleDb<PersonnelTables> = uow.tables<PersonnelTables>();
  return {
    /** A contract's people by name, narrowed by the filter. */
    list: (contractId: string, filter: PeopleFilter = {}) =>
      db()
        .selectFrom('personnel_people')
        .selectAll()
        .where('contract_id', '=', contractId)
        .$if(Boolean(filter.status), (q) =>
          q.where((eb) => statusCondition(eb, filter.status!.is, filter.status!.today)),
        )
        .$if(Boolean(filter.employer), (q) =>
          filter.employer!.subcontractor === null
            ? q.where('subcontractor', 'is', null)
            : q.where(sql<string>`lower(subcontractor)`, '=', filter.employer!.subcontractor.toLowerCase()),
        )
        .orderBy('name_key')
        .orderBy('id')
        .execute(),
    /** The named Subcontractors employing anyone on the contract, for the employer filter. */
    subcontractors: async (contractId: string) =>
      (
        await db()
          .selectFrom('personnel_people')
          .select('subcontractor')
          .distinct()
          .where('contract_id', '=', contractId)
          .where('subcontractor', 'is not', null)
          .orderBy('subcontractor')
          .execute()
      ).map((r) => r.subcontractor!),
    find: (contractId: string, id: string) =>
      db()
        .selectFrom('personnel_people')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('id', '=', id)
        .executeTakeFirst(),
    /** Names by id, for the audit page (only the ids it asks about). */
    names: (contractId: string, ids: string[]) =>
      ids.length
        ? db()
            .selectFrom('personnel_people')
            .select(['id', 'name'])
            .where('contract_id', '=', contractId)
            .where('id', 'in', ids)
            .execute()
        : Promise.resolve([]),
    /** The people with these ids, in chunks so no statement passes either engine's parameter limit. */
    async byIds(contractId: string, ids: string[]): Promise<PersonRow[]> {
      const out: PersonRow[] = [];
      for (let i = 0; i < ids.length; i += 1000)
        out.push(
          ...(await db()
            .selectFrom('personnel_people')
            .selectAll()
            .where('contract_id', '=', contractId)
            .where('id', 'in', ids.slice(i, i + 1000))
            .execute()),
        );
      return out;
    },
    async insert(row: PersonRow) {
      await db().insertInto('personnel_people').values(row).execute();
    },
    /** Many new people at once (an import), as fast as each engine allows. */
    insertMany: (rows: Iterable<PersonRow>) => bulkInsert(uow, 'personnel_people', PERSON_COLUMNS, rows),
    async update(id: string, patch: PersonPatch) {
      await db().updateTable('personnel_people').set(patch).where('id', '=', id).execute();
    },
    /** The register's revision (0 before its first change). */
    revision: async (contractId: string) =>
      (
        await db()
          .selectFrom('personnel_registers')
          .select('revision')
          .where('contract_id', '=', contractId)
          .executeTakeFirst()
      )?.revision ?? 0,
    /**
     * Moves the register on from revision `from`; false if it is no longer at `from` (someone changed
     * it). On PostgreSQL the row stays locked to the end of the transaction, so changes queue here.
     */
    async bump(contractId: string, from: number): Promise<boolean> {
      if (from === 0) {
        const r = await db()
          .insertInto('personnel_registers')
          .values({ contract_id: contractId, revision: 1 })
          .onConflict((oc) => oc.column('contract_id').doNothing())
          .executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
      }
      const r = await db()
        .updateTable('personnel_registers')
        .set({ revision: from + 1 })
        .where('contract_id', '=', contractId)
        .where('revision', '=', from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Moves the register on after a change made outside an import. */
    async touch(contractId: string) {
      await db()
        .insertInto('personnel_registers')
        .values({ contract_id: contractId, revision: 1 })
        .onConflict((oc) =>
          oc.column('contract_id').doUpdateSet({ revision: sql<number>`personnel_registers.revision + 1` }),
        )
        .execute();
    },
    checksOf: (contractId: string, personId: string) =>
      db()
        .selectFrom('personnel_checks')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('person_id', '=', personId)
        .execute(),
    /** Every person's passed checks on the contract: what "checks complete" is worked out from. */
    passedChecks: (contractId: string) =>
      db()
        .selectFrom('personnel_checks')
        .select(['person_id', 'kind'])
        .where('contract_id', '=', contractId)
        .where('outcome', '=', 'passed')
        .execute(),
    /** Records a check, replacing the person's earlier record of that kind. */
    async putCheck(row: CheckRow) {
      await db()
        .insertInto('personnel_checks')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['person_id', 'kind']).doUpdateSet({
            outcome: row.outcome,
            checked_on: row.checked_on,
            checked_by: row.checked_by,
            method: row.method,
            evidence_ref: row.evidence_ref,
            recorded_at: row.recorded_at,
            recorded_by: row.recorded_by,
          }),
        )
        .execute();
    },
  };
}
export type PersonnelRepository = ReturnType<typeof personnelRepository>;
