import { toCount, type ModuleDb } from '../../platform/db/index.ts';
import type { OrganisationsTable, OrganisationsTables } from './organisations.tables.ts';

export type OrganisationRow = OrganisationsTable;

/** Every query about organisations. */
export function organisationsRepository(db: ModuleDb<OrganisationsTables>) {
  return {
    list(filter: { kind?: OrganisationRow['kind']; ids?: string[] } = {}) {
      let q = db().selectFrom('organisations').selectAll();
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      if (filter.ids) {
        if (filter.ids.length === 0) return Promise.resolve([] as OrganisationRow[]);
        q = q.where('id', 'in', filter.ids);
      }
      return q.orderBy('name_key').execute();
    },
    findById: (id: string) => db().selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst(),
    async insert(row: OrganisationRow) {
      await db().insertInto('organisations').values(row).execute();
    },
    async update(id: string, patch: Partial<Pick<OrganisationRow, 'name' | 'name_key' | 'kind' | 'updated_at'>>) {
      await db().updateTable('organisations').set(patch).where('id', '=', id).execute();
    },
    async count() {
      const r = await db()
        .selectFrom('organisations')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      return toCount(r?.n);
    },
  };
}
