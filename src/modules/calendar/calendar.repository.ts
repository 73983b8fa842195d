import { type ModuleDb } from '../../platform/db/index.ts';
import type {
  CalendarImportsTable,
  CalendarProclamationsTable,
  CalendarTables,
  CalendarVersionsTable,
} from './calendar.tables.ts';

export type VersionRow = CalendarVersionsTable;
export type ImportRow = CalendarImportsTable;
export type ProclamationRow = CalendarProclamationsTable;

/** Every query about the calendar: versions, loaded GOV.UK copies and one-off holidays. */
export function calendarRepository(db: ModuleDb<CalendarTables>) {
  return {
    /** The current version number, 0 before the first; read on every use of the calendar, so it reads one column. */
    async latestVersion(): Promise<number> {
      const row = await db()
        .selectFrom('calendar_versions')
        .select('version')
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.version ?? 0;
    },
    versions(limit: number) {
      return db().selectFrom('calendar_versions').selectAll().orderBy('version', 'desc').limit(limit).execute();
    },
    async insertVersion(row: VersionRow) {
      await db().insertInto('calendar_versions').values(row).execute();
    },

    /** Every loaded copy, oldest first: the order they are laid over each other. */
    imports() {
      return db().selectFrom('calendar_imports').selectAll().orderBy('version', 'asc').execute();
    },
    async hasImport(sha256: string) {
      return (
        (await db()
          .selectFrom('calendar_imports')
          .select('id')
          .where('sha256', '=', sha256)
          .limit(1)
          .executeTakeFirst()) !== undefined
      );
    },
    async insertImport(row: ImportRow) {
      await db().insertInto('calendar_imports').values(row).execute();
    },

    /** One-off holidays in force (not removed), by date. */
    activeProclamations() {
      return db()
        .selectFrom('calendar_proclamations')
        .selectAll()
        .where('removed_at', 'is', null)
        .orderBy('holiday_date')
        .orderBy('created_at')
        .execute();
    },
    findProclamation(id: string) {
      return db().selectFrom('calendar_proclamations').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async insertProclamation(row: ProclamationRow) {
      await db().insertInto('calendar_proclamations').values(row).execute();
    },
    async markRemoved(
      id: string,
      patch: Pick<ProclamationRow, 'removed_at' | 'removed_by' | 'removed_reason' | 'removed_in_version'>,
    ) {
      const r = await db()
        .updateTable('calendar_proclamations')
        .set(patch)
        .where('id', '=', id)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}
