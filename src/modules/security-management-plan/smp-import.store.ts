import type { SmpImportsTable, SmpTables } from './smp.tables.ts';
import { fromJson, toJson, type UnitOfWork } from '../../platform/db/index.ts';
import { iso, newId, type Clock } from '../../platform/kernel/index.ts';

/** A Word document read and waiting for its importer to confirm which heading goes where. */
export interface PendingImport {
  id: string;
  contractId: string;
  createdBy: string;
  organisationId: string;
  fileName: string;
  sections: { heading: string; markdown: string }[];
  warnings: string[];
  createdAt: string;
}

export const IMPORT_HOURS = 24;

const toPending = (r: SmpImportsTable): PendingImport => ({
  id: r.id,
  contractId: r.contract_id,
  createdBy: r.created_by,
  organisationId: r.organisation_id,
  fileName: r.file_name,
  sections: fromJson(r.sections),
  warnings: fromJson(r.warnings),
  createdAt: r.created_at,
});

/**
 * Imports waiting for confirmation, for at most 24 hours. They are a preview, not a record: nothing in
 * the plan changes until the importer confirms (which is audited). Each person keeps at most one per
 * contract, and expired or used ones are deleted as new ones arrive, so uploads cannot pile up.
 */
export function createImportStore(deps: { uow: UnitOfWork; clock: Clock }) {
  const { uow, clock } = deps;
  const db = uow.tables<SmpTables>();
  const cutoff = () => iso(new Date(clock.now().getTime() - IMPORT_HOURS * 3600_000));

  return {
    /** Keeps a new import, replacing the same person's earlier one for the contract. */
    async save(input: Omit<PendingImport, 'id' | 'createdAt'>): Promise<PendingImport> {
      const p: PendingImport = { ...input, id: newId(), createdAt: iso(clock.now()) };
      await uow.transaction(async () => {
        await db()
          .deleteFrom('smp_imports')
          .where((eb) =>
            eb.or([
              eb('created_at', '<', cutoff()),
              eb.and([eb('created_by', '=', p.createdBy), eb('contract_id', '=', p.contractId)]),
            ]),
          )
          .execute();
        await db()
          .insertInto('smp_imports')
          .values({
            id: p.id,
            contract_id: p.contractId,
            organisation_id: p.organisationId,
            created_by: p.createdBy,
            file_name: p.fileName,
            sections: toJson(p.sections),
            warnings: toJson(p.warnings),
            created_at: p.createdAt,
            claimed_at: null,
          })
          .execute();
      });
      return p;
    },
    /** The import if it exists, is recent and unused, and belongs to this contract and the reader's organisation. */
    async find(id: string, contractId: string, organisationId: string): Promise<PendingImport | undefined> {
      const r = await db()
        .selectFrom('smp_imports')
        .selectAll()
        .where('id', '=', id)
        .where('contract_id', '=', contractId)
        .where('organisation_id', '=', organisationId)
        .where('claimed_at', 'is', null)
        .where('created_at', '>=', cutoff())
        .executeTakeFirst();
      return r ? toPending(r) : undefined;
    },
    /** Takes the import while it is applied, so two confirmations cannot both apply it; `restore` gives it back on failure. */
    async claim(p: PendingImport): Promise<boolean> {
      const r = await db()
        .updateTable('smp_imports')
        .set({ claimed_at: iso(clock.now()) })
        .where('id', '=', p.id)
        .where('claimed_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async restore(p: PendingImport): Promise<void> {
      await db().updateTable('smp_imports').set({ claimed_at: null }).where('id', '=', p.id).execute();
    },
    /** A used import is deleted: its text lives on in the draft it filled. */
    async done(p: PendingImport): Promise<void> {
      await db().deleteFrom('smp_imports').where('id', '=', p.id).execute();
    },
  };
}
export type ImportStore = ReturnType<typeof createImportStore>;
