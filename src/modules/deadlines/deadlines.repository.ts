import type { ExpressionBuilder } from 'kysely';
import { bulkInsert, type ModuleDb, type UnitOfWork } from '../../platform/db/index.ts';
import type { DeadlineFeedsTable, DeadlineStatus, DeadlinesTable, DeadlinesTables } from './deadlines.tables.ts';

export type DeadlineRow = DeadlinesTable;
/** What a change may set: the revision is the repository's to count. */
type Change = Partial<Omit<DeadlineRow, 'revision'>>;

/** The change plus one revision, counted by the database so concurrent changes each count. */
const revised =
  <T extends Change>(set: T) =>
  (eb: ExpressionBuilder<DeadlinesTables, 'deadlines'>) => ({ ...set, revision: eb('revision', '+', 1) });

/**
 * Every query of deadlines and their feeds. Status changes are conditional, so two processes never
 * both make one; every change to a deadline counts one revision.
 */
export function deadlinesRepository(uow: UnitOfWork) {
  const db: ModuleDb<DeadlinesTables> = uow.tables<DeadlinesTables>();
  return {
    insert: (row: DeadlineRow) => db().insertInto('deadlines').values(row).execute(),
    /** Many new deadlines at once, as fast as each engine allows (needs the unit of work). */
    insertMany: async (rows: DeadlineRow[]) => {
      if (rows.length) await bulkInsert(uow, 'deadlines', Object.keys(rows[0]!) as (keyof DeadlineRow)[], rows);
    },
    find: (id: string) => db().selectFrom('deadlines').selectAll().where('id', '=', id).executeTakeFirst(),
    /** Overdue first is the caller's job; here by due time, then id for a stable order. */
    listForContract: (contractId: string, statuses?: readonly DeadlineStatus[]) =>
      db()
        .selectFrom('deadlines')
        .selectAll()
        .where('contract_id', '=', contractId)
        .$if(Boolean(statuses?.length), (q) => q.where('status', 'in', statuses!))
        .orderBy('due_at')
        .orderBy('id')
        .limit(1000)
        .execute(),
    listForContracts: (contractIds: string[], statuses: readonly DeadlineStatus[]) =>
      contractIds.length === 0
        ? Promise.resolve([])
        : db()
            .selectFrom('deadlines')
            .selectAll()
            .where('contract_id', 'in', contractIds)
            .where('status', 'in', statuses)
            .orderBy('due_at')
            .orderBy('id')
            .limit(2000)
            .execute(),
    /** Open or missed and not yet done: what reminders are about. */
    outstanding: () =>
      db()
        .selectFrom('deadlines')
        .selectAll()
        .where('status', 'in', ['open', 'missed'])
        .where('met_at', 'is', null)
        .orderBy('due_at')
        .orderBy('id')
        .execute(),
    openPastDue: (now: string) =>
      db().selectFrom('deadlines').selectAll().where('status', '=', 'open').where('due_at', '<', now).execute(),
    openByStatus: (status: DeadlineStatus) =>
      db().selectFrom('deadlines').selectAll().where('status', '=', status).execute(),
    findOpenFor: (contractId: string, kind: string, subjectId: string | null) =>
      db()
        .selectFrom('deadlines')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('kind', '=', kind)
        .where((eb) => (subjectId === null ? eb('subject_id', 'is', null) : eb('subject_id', '=', subjectId)))
        .where('status', 'in', ['open', 'missed'])
        .where('met_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute(),
    /** A contract's deadlines still to be done (open, or missed and not yet done): what its changes move. */
    outstandingOf: (contractId: string) =>
      db()
        .selectFrom('deadlines')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('status', 'in', ['open', 'missed'])
        .where('met_at', 'is', null)
        .orderBy('due_at')
        .orderBy('id')
        .execute(),
    /** A new trigger or division for a deadline still to be done; a missed one may be open again. */
    move: (
      id: string,
      set: Pick<
        DeadlineRow,
        | 'trigger_date'
        | 'division'
        | 'division_reason'
        | 'move_note'
        | 'status'
        | 'due_date'
        | 'due_at'
        | 'explanation'
        | 'provisional'
        | 'calendar_version'
        | 'updated_at'
      >,
    ) =>
      db()
        .updateTable('deadlines')
        .set(revised(set))
        .where('id', '=', id)
        .where('status', 'in', ['open', 'missed'])
        .where('met_at', 'is', null)
        .execute(),
    /** Changes a deadline only if it is still in one of `from`: returns whether it did. */
    async transition(id: string, from: readonly DeadlineStatus[], set: Change): Promise<boolean> {
      const r = await db()
        .updateTable('deadlines')
        .set(revised(set))
        .where('id', '=', id)
        .where('status', 'in', from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async markDone(
      id: string,
      set: Pick<DeadlineRow, 'met_at' | 'met_by' | 'updated_at'> & { status?: DeadlineStatus },
    ): Promise<boolean> {
      const r = await db()
        .updateTable('deadlines')
        .set(revised(set))
        .where('id', '=', id)
        .where('status', 'in', ['open', 'missed'])
        .where('met_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    recompute: (
      id: string,
      set: Pick<DeadlineRow, 'due_date' | 'due_at' | 'explanation' | 'provisional' | 'calendar_version' | 'updated_at'>,
    ) => db().updateTable('deadlines').set(revised(set)).where('id', '=', id).where('status', '=', 'open').execute(),

    feeds: {
      insert: (row: DeadlineFeedsTable) => db().insertInto('deadline_feeds').values(row).execute(),
      live: (userId: string) =>
        db()
          .selectFrom('deadline_feeds')
          .selectAll()
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst(),
      byHash: (hash: string) =>
        db()
          .selectFrom('deadline_feeds')
          .selectAll()
          .where('token_hash', '=', hash)
          .where('revoked_at', 'is', null)
          .executeTakeFirst(),
      revokeAll: (userId: string, at: string) =>
        db()
          .updateTable('deadline_feeds')
          .set({ revoked_at: at })
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .execute(),
    },
  };
}
