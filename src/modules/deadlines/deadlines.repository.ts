import type { DeadlineFeedsTable, DeadlinesTable, DeadlineStatus, Executor } from '../../platform/db/index.ts';

export type DeadlineRow = DeadlinesTable;

/** Every query of deadlines and their feeds. Status changes are conditional, so two processes never both make one. */
export const deadlinesRepository = {
  insert: (ex: Executor, row: DeadlineRow) => ex.insertInto('deadlines').values(row).execute(),
  find: (ex: Executor, id: string) => ex.selectFrom('deadlines').selectAll().where('id', '=', id).executeTakeFirst(),
  /** Overdue first is the caller's job; here by due time, then id for a stable order. */
  listForContract: (ex: Executor, contractId: string, statuses?: readonly DeadlineStatus[]) =>
    ex
      .selectFrom('deadlines')
      .selectAll()
      .where('contract_id', '=', contractId)
      .$if(Boolean(statuses?.length), (q) => q.where('status', 'in', statuses!))
      .orderBy('due_at')
      .orderBy('id')
      .limit(1000)
      .execute(),
  listForContracts: (ex: Executor, contractIds: string[], statuses: readonly DeadlineStatus[]) =>
    contractIds.length === 0
      ? Promise.resolve([])
      : ex
          .selectFrom('deadlines')
          .selectAll()
          .where('contract_id', 'in', contractIds)
          .where('status', 'in', statuses)
          .orderBy('due_at')
          .orderBy('id')
          .limit(2000)
          .execute(),
  /** Open or missed and not yet done: what reminders are about. */
  outstanding: (ex: Executor) =>
    ex
      .selectFrom('deadlines')
      .selectAll()
      .where('status', 'in', ['open', 'missed'])
      .where('met_at', 'is', null)
      .orderBy('due_at')
      .orderBy('id')
      .execute(),
  openPastDue: (ex: Executor, now: string) =>
    ex.selectFrom('deadlines').selectAll().where('status', '=', 'open').where('due_at', '<', now).execute(),
  openByStatus: (ex: Executor, status: DeadlineStatus) =>
    ex.selectFrom('deadlines').selectAll().where('status', '=', status).execute(),
  findOpenFor: (ex: Executor, contractId: string, kind: string, subjectId: string | null) =>
    ex
      .selectFrom('deadlines')
      .selectAll()
      .where('contract_id', '=', contractId)
      .where('kind', '=', kind)
      .where((eb) => (subjectId === null ? eb('subject_id', 'is', null) : eb('subject_id', '=', subjectId)))
      .where('status', 'in', ['open', 'missed'])
      .where('met_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute(),
  /** Changes a deadline only if it is still in one of `from`: returns whether it did. */
  async transition(
    ex: Executor,
    id: string,
    from: readonly DeadlineStatus[],
    set: Partial<DeadlineRow>,
  ): Promise<boolean> {
    const r = await ex
      .updateTable('deadlines')
      .set(set)
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async markDone(
    ex: Executor,
    id: string,
    set: Pick<DeadlineRow, 'met_at' | 'met_by' | 'updated_at'> & { status?: DeadlineStatus },
  ): Promise<boolean> {
    const r = await ex
      .updateTable('deadlines')
      .set(set)
      .where('id', '=', id)
      .where('status', 'in', ['open', 'missed'])
      .where('met_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  recompute: (
    ex: Executor,
    id: string,
    set: Pick<DeadlineRow, 'due_date' | 'due_at' | 'explanation' | 'provisional' | 'calendar_version' | 'updated_at'>,
  ) => ex.updateTable('deadlines').set(set).where('id', '=', id).where('status', '=', 'open').execute(),

  feeds: {
    insert: (ex: Executor, row: DeadlineFeedsTable) => ex.insertInto('deadline_feeds').values(row).execute(),
    live: (ex: Executor, userId: string) =>
      ex
        .selectFrom('deadline_feeds')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    byHash: (ex: Executor, hash: string) =>
      ex
        .selectFrom('deadline_feeds')
        .selectAll()
        .where('token_hash', '=', hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    revokeAll: (ex: Executor, userId: string, at: string) =>
      ex
        .updateTable('deadline_feeds')
        .set({ revoked_at: at })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute(),
  },
};
