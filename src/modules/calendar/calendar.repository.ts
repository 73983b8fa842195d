import type {
  CalendarImportsTable,
  CalendarProclamationsTable,
  CalendarVersionsTable,
  Executor,
} from '../../platform/db/index.ts';

export type VersionRow = CalendarVersionsTable;
export type ImportRow = CalendarImportsTable;
export type ProclamationRow = CalendarProclamationsTable;

/** Every query about the calendar: versions, loaded GOV.UK copies and one-off holidays. */
export const calendarRepository = {
  /** The current version number, 0 before the first; read on every use of the calendar, so it reads one column. */
  async latestVersion(ex: Executor): Promise<number> {
    const row = await ex
      .selectFrom('calendar_versions')
      .select('version')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.version ?? 0;
  },
  versions(ex: Executor, limit: number) {
    return ex.selectFrom('calendar_versions').selectAll().orderBy('version', 'desc').limit(limit).execute();
  },
  async insertVersion(ex: Executor, row: VersionRow) {
    await ex.insertInto('calendar_versions').values(row).execute();
  },

  /** Every loaded copy, oldest first: the order they are laid over each other. */
  imports(ex: Executor) {
    return ex.selectFrom('calendar_imports').selectAll().orderBy('version', 'asc').execute();
  },
  async hasImport(ex: Executor, sha256: string) {
    return (
      (await ex
        .selectFrom('calendar_imports')
        .select('id')
        .where('sha256', '=', sha256)
        .limit(1)
        .executeTakeFirst()) !== undefined
    );
  },
  async insertImport(ex: Executor, row: ImportRow) {
    await ex.insertInto('calendar_imports').values(row).execute();
  },

  /** One-off holidays in force (not removed), by date. */
  activeProclamations(ex: Executor) {
    return ex
      .selectFrom('calendar_proclamations')
      .selectAll()
      .where('removed_at', 'is', null)
      .orderBy('holiday_date')
      .orderBy('created_at')
      .execute();
  },
  findProclamation(ex: Executor, id: string) {
    return ex.selectFrom('calendar_proclamations').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async insertProclamation(ex: Executor, row: ProclamationRow) {
    await ex.insertInto('calendar_proclamations').values(row).execute();
  },
  async markRemoved(
    ex: Executor,
    id: string,
    patch: Pick<ProclamationRow, 'removed_at' | 'removed_by' | 'removed_reason' | 'removed_in_version'>,
  ) {
    const r = await ex
      .updateTable('calendar_proclamations')
      .set(patch)
      .where('id', '=', id)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};
