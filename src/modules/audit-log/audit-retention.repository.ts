import type { AuditLegalHoldsTable, Executor } from '../../platform/db/index.ts';
import { auditIndexRepository } from './audit-index.repository.ts';

/** Every query of the retention purge and legal holds. */
export const retentionRepository = {
  /** The first index at or after `cutoff` (events are numbered in time order), or undefined if none is older. */
  async firstAtOrAfter(ex: Executor, from: number, cutoff: string): Promise<number | undefined> {
    const row = await ex
      .selectFrom('audit_events')
      .select('seq')
      .where('seq', '>=', from)
      .where('occurred_at', '>=', cutoff)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    return row?.seq;
  },
  activeHolds: (ex: Executor) =>
    ex.selectFrom('audit_legal_holds').selectAll().where('released_at', 'is', null).orderBy('from_seq').execute(),
  allHolds: (ex: Executor) => ex.selectFrom('audit_legal_holds').selectAll().orderBy('created_at').execute(),
  async insertHold(ex: Executor, row: AuditLegalHoldsTable) {
    await ex.insertInto('audit_legal_holds').values(row).execute();
  },
  async releaseHold(ex: Executor, id: string, at: string): Promise<boolean> {
    const r = await ex
      .updateTable('audit_legal_holds')
      .set({ released_at: at })
      .where('id', '=', id)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Deletes event content in [from, to) under the purge switch, the one deletion the triggers allow. */
  async deleteRange(ex: Executor, from: number, to: number): Promise<void> {
    await ex.updateTable('audit_tree_head').set({ purging: 1 }).where('id', '=', 1).execute();
    await ex.deleteFrom('audit_events').where('seq', '>=', from).where('seq', '<', to).execute();
    await auditIndexRepository.deleteRange(ex, from, to);
    await ex.updateTable('audit_tree_head').set({ purging: 0, purged_below: to }).where('id', '=', 1).execute();
  },
};
