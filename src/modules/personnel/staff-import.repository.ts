import { fromJson, toJson, type UnitOfWork } from '../../platform/db/index.ts';
import type { ImportPreview } from './import-plan.ts';
import type { PersonnelTables } from './personnel.tables.ts';

/** An import read and previewed, waiting to be applied. */
export interface StagedImport {
  id: string;
  contractId: string;
  createdBy: string;
  revision: number;
  preview: ImportPreview;
  createdAt: string;
}

/** The staged imports' queries: at most one waiting per person and contract, none older than a day. */
export function stagedImportsRepository(uow: UnitOfWork) {
  const db = uow.tables<PersonnelTables>();
  return {
    /** Keeps a new staged import, clearing the same person's earlier ones and any older than `cutoff`. */
    async save(s: StagedImport, cutoff: string) {
      await db()
        .deleteFrom('personnel_imports')
        .where((eb) =>
          eb.or([
            eb('created_at', '<', cutoff),
            eb.and([eb('created_by', '=', s.createdBy), eb('contract_id', '=', s.contractId)]),
          ]),
        )
        .execute();
      await db()
        .insertInto('personnel_imports')
        .values({
          id: s.id,
          contract_id: s.contractId,
          created_by: s.createdBy,
          file_name: s.preview.fileName,
          revision: s.revision,
          preview: toJson(s.preview),
          created_at: s.createdAt,
          applied_at: null,
        })
        .execute();
    },
    /** The import if it is this person's, on this contract, unapplied and newer than `cutoff`. */
    async find(id: string, contractId: string, createdBy: string, cutoff: string): Promise<StagedImport | undefined> {
      const r = await db()
        .selectFrom('personnel_imports')
        .selectAll()
        .where('id', '=', id)
        .where('contract_id', '=', contractId)
        .where('created_by', '=', createdBy)
        .where('applied_at', 'is', null)
        .where('created_at', '>=', cutoff)
        .executeTakeFirst();
      return r
        ? {
            id: r.id,
            contractId: r.contract_id,
            createdBy: r.created_by,
            revision: r.revision,
            preview: fromJson<ImportPreview>(r.preview),
            createdAt: r.created_at,
          }
        : undefined;
    },
    /** Marks it applied, once: false if it already was (a second click, a second tab). */
    async markApplied(id: string, at: string): Promise<boolean> {
      const r = await db()
        .updateTable('personnel_imports')
        .set({ applied_at: at, preview: '{}' })
        .where('id', '=', id)
        .where('applied_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
