import type { Executor, OrganisationsTable } from '../../platform/db/index.ts';
import { toCount } from '../../platform/db/index.ts';

export type OrganisationRow = OrganisationsTable;

/** Every query about organisations. */
export const organisationsRepository = {
  list(ex: Executor, filter: { kind?: OrganisationRow['kind']; ids?: string[] } = {}) {
    let q = ex.selectFrom('organisations').selectAll();
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.ids) {
      if (filter.ids.length === 0) return Promise.resolve([] as OrganisationRow[]);
      q = q.where('id', 'in', filter.ids);
    }
    return q.orderBy('name_key').execute();
  },
  findById(ex: Executor, id: string) {
    return ex.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async insert(ex: Executor, row: OrganisationRow) {
    await ex.insertInto('organisations').values(row).execute();
  },
  async update(
    ex: Executor,
    id: string,
    patch: Partial<Pick<OrganisationRow, 'name' | 'name_key' | 'kind' | 'updated_at'>>,
  ) {
    await ex.updateTable('organisations').set(patch).where('id', '=', id).execute();
  },
  async count(ex: Executor) {
    const r = await ex
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return toCount(r?.n);
  },
};
