import type { UnitOfWork } from '../../platform/db/index.ts';
import type { AuditLegalHoldsTable, AuditLogTables } from './audit-log.tables.ts';
import { auditIndexRepository } from './audit-index.repository.ts';

/** Every query of the retention purge and legal holds. */
export function retentionRepository(uow: UnitOfWork) {
  const db = uow.tables<AuditLogTables>();
  const index = auditIndexRepository(uow);
  return {
    /** The first index at or after `cutoff` (events are numbered in time order), or undefined if none is older. */
    async firstAtOrAfter(from: number, cutoff: string): Promise<number | undefined> {
      const row = await db()
        .selectFrom('audit_events')
        .select('seq')
        .where('seq', '>=', from)
        .where('occurred_at', '>=', cutoff)
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst();
      return row?.seq;
    },
    activeHolds: () =>
      db().selectFrom('audit_legal_holds').selectAll().where('released_at', 'is', null).orderBy('from_seq').execute(),
    allHolds: () => db().selectFrom('audit_legal_holds').selectAll().orderBy('created_at').execute(),
    async insertHold(row: AuditLegalHoldsTable) {
      await db().insertInto('audit_legal_holds').values(row).execute();
    },
    async releaseHold(id: string, at: string): Promise<boolean> {
      const r = await db()
        .updateTable('audit_legal_holds')
        .set({ released_at: at })
        .where('id', '=', id)
        .where('released_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Deletes event content in [from, to) under the purge switch, the one deletion the triggers allow. */
    async deleteRange(from: number, to: number): Promise<void> {
      await db().updateTable('audit_tree_head').set({ purging: 1 }).where('id', '=', 1).execute();
      await db().deleteFrom('audit_events').where('seq', '>=', from).where('seq', '<', to).execute();
      await index.deleteRange(from, to);
      await db().updateTable('audit_tree_head').set({ purging: 0, purged_below: to }).where('id', '=', 1).execute();
    },
  };
}
