import { type ModuleDb } from '../../platform/db/index.ts';
import type { SmpChangeRequestStatus, SmpChangeRequestsTable, SmpTables } from './smp.tables.ts';

/** Every query of the Client's change requests. Status changes are conditional, so a stale answer changes nothing. */
export function changeRequestsRepository(db: ModuleDb<SmpTables>) {
  return {
    nextNumber: async (planId: string) =>
      Number(
        (
          await db()
            .selectFrom('smp_change_requests')
            .select((eb) => eb.fn.max('number').as('n'))
            .where('plan_id', '=', planId)
            .executeTakeFirst()
        )?.n ?? 0,
      ) + 1,
    insert: (row: SmpChangeRequestsTable) => db().insertInto('smp_change_requests').values(row).execute(),
    get: (planId: string, id: string) =>
      db()
        .selectFrom('smp_change_requests')
        .selectAll()
        .where('id', '=', id)
        .where('plan_id', '=', planId)
        .executeTakeFirst(),
    list: (planId: string) =>
      db()
        .selectFrom('smp_change_requests')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('number', 'desc')
        .execute(),
    /** The requests a plan version answers (the draft started for them, then proposed as a Variation). */
    forVersion: (versionId: string, statuses: readonly SmpChangeRequestStatus[]) =>
      db()
        .selectFrom('smp_change_requests')
        .selectAll()
        .where('version_id', '=', versionId)
        .where('status', 'in', statuses)
        .orderBy('number')
        .execute(),
    async transition(
      id: string,
      from: readonly SmpChangeRequestStatus[],
      set: Partial<SmpChangeRequestsTable>,
    ): Promise<boolean> {
      const r = await db()
        .updateTable('smp_change_requests')
        .set(set)
        .where('id', '=', id)
        .where('status', 'in', from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
