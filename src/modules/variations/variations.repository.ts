import { type ModuleDb } from '../../platform/db/index.ts';
import type { VariationStatus, VariationsTable, VariationsTables } from './variations.tables.ts';

/** Every query of variations. Status changes are conditional, so a stale decision changes nothing. */
export function variationsRepository(db: ModuleDb<VariationsTables>) {
  return {
    nextNumber: async (contractId: string) =>
      Number(
        (
          await db()
            .selectFrom('variations')
            .select((eb) => eb.fn.max('number').as('n'))
            .where('contract_id', '=', contractId)
            .executeTakeFirst()
        )?.n ?? 0,
      ) + 1,
    insert: (row: VariationsTable) => db().insertInto('variations').values(row).execute(),
    get: (contractId: string, id: string) =>
      db()
        .selectFrom('variations')
        .selectAll()
        .where('id', '=', id)
        .where('contract_id', '=', contractId)
        .executeTakeFirst(),
    list: (contractId: string) =>
      db()
        .selectFrom('variations')
        .selectAll()
        .where('contract_id', '=', contractId)
        .orderBy('number', 'desc')
        .execute(),
    forSubject: (subjectType: string, subjectRef: string) =>
      db()
        .selectFrom('variations')
        .selectAll()
        .where('subject_type', '=', subjectType)
        .where('subject_ref', '=', subjectRef)
        .orderBy('number', 'desc')
        .executeTakeFirst(),
    async transition(id: string, from: VariationStatus, set: Partial<VariationsTable>): Promise<boolean> {
      const r = await db()
        .updateTable('variations')
        .set(set)
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
