import type { Executor, VariationsTable, VariationStatus } from '../../platform/db/index.ts';

/** Every query of variations. Status changes are conditional, so a stale decision changes nothing. */
export const variationsRepository = {
  nextNumber: async (ex: Executor, contractId: string) =>
    Number(
      (
        await ex
          .selectFrom('variations')
          .select((eb) => eb.fn.max('number').as('n'))
          .where('contract_id', '=', contractId)
          .executeTakeFirst()
      )?.n ?? 0,
    ) + 1,
  insert: (ex: Executor, row: VariationsTable) => ex.insertInto('variations').values(row).execute(),
  get: (ex: Executor, contractId: string, id: string) =>
    ex
      .selectFrom('variations')
      .selectAll()
      .where('id', '=', id)
      .where('contract_id', '=', contractId)
      .executeTakeFirst(),
  list: (ex: Executor, contractId: string) =>
    ex.selectFrom('variations').selectAll().where('contract_id', '=', contractId).orderBy('number', 'desc').execute(),
  forSubject: (ex: Executor, subjectType: string, subjectRef: string) =>
    ex
      .selectFrom('variations')
      .selectAll()
      .where('subject_type', '=', subjectType)
      .where('subject_ref', '=', subjectRef)
      .orderBy('number', 'desc')
      .executeTakeFirst(),
  async transition(ex: Executor, id: string, from: VariationStatus, set: Partial<VariationsTable>): Promise<boolean> {
    const r = await ex
      .updateTable('variations')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
};
