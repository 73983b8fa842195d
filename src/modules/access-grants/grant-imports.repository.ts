import type { UnitOfWork } from '../../platform/db/index.ts';
import type { AccessGrantImportsTable, AccessGrantsTables } from './access-grants.tables.ts';

/** The staged grant imports' queries: at most one waiting per person and contract, none older than a day. */
export function grantImportsRepository(uow: UnitOfWork) {
  const db = uow.tables<AccessGrantsTables>();
  return {
    /** The person's own staged import on the contract, while it waits and is newer than `cutoff`. */
    waiting: (contractId: string, id: string, createdBy: string, cutoff: string) =>
      db()
        .selectFrom('access_grant_imports')
        .selectAll()
        .where('id', '=', id)
        .where('contract_id', '=', contractId)
        .where('created_by', '=', createdBy)
        .where('applied_at', 'is', null)
        .where('created_at', '>=', cutoff)
        .executeTakeFirst(),
    /** Keeps a new staged import, clearing the same person's earlier ones and any older than `cutoff`. */
    async save(row: AccessGrantImportsTable, cutoff: string) {
      await db()
        .deleteFrom('access_grant_imports')
        .where((eb) =>
          eb.or([
            eb('created_at', '<', cutoff),
            eb.and([eb('created_by', '=', row.created_by), eb('contract_id', '=', row.contract_id)]),
          ]),
        )
        .execute();
      await db().insertInto('access_grant_imports').values(row).execute();
    },
    /** Marks it applied (its rows dropped); false if it was applied meanwhile. */
    async markApplied(id: string, at: string): Promise<boolean> {
      const r = await db()
        .updateTable('access_grant_imports')
        .set({ applied_at: at, preview: '{}' })
        .where('id', '=', id)
        .where('applied_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
