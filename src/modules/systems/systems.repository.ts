import { sql } from 'kysely';
import type { ModuleDb } from '../../platform/db/index.ts';
import type { SystemsTable, SystemsTables } from './systems.tables.ts';

export type SystemRow = SystemsTable;

/** Every query of the systems register. */
export function systemsRepository(db: ModuleDb<SystemsTables>) {
  return {
    /** A contract's systems, in service first, then by name. */
    list: (contractId: string) =>
      db()
        .selectFrom('systems')
        .selectAll()
        .where('contract_id', '=', contractId)
        // Not `order by retired_at`: the engines put NULLs at opposite ends.
        .orderBy(sql`case when retired_at is null then 0 else 1 end`)
        .orderBy('name_key')
        .execute(),
    find: (contractId: string, id: string) =>
      db()
        .selectFrom('systems')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('id', '=', id)
        .executeTakeFirst(),
    async insert(row: SystemRow) {
      await db().insertInto('systems').values(row).execute();
    },
    async update(id: string, patch: Partial<Omit<SystemRow, 'id' | 'contract_id' | 'created_at' | 'created_by'>>) {
      await db().updateTable('systems').set(patch).where('id', '=', id).execute();
    },
    /** Retires a system still in service; false if it was retired already (by a concurrent request). */
    async retire(id: string, at: string, by: string): Promise<boolean> {
      const r = await db()
        .updateTable('systems')
        .set({ retired_at: at, retired_by: by, updated_at: at })
        .where('id', '=', id)
        .where('retired_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
