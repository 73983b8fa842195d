/**
 * The tables of this module as Kysely sees them, written to match its migrations (like a generated
 * types file). Timestamps are fixed-width UTC ISO-8601 text, flags are 0/1 integers and JSON is
 * text, so rows read back identically from SQLite and PostgreSQL.
 */
export type CalendarVersionKind = 'initial' | 'snapshot' | 'import' | 'holiday-added' | 'holiday-removed';

/** One version of the Working-Day calendar and what changed in it (JSON list of holiday changes). */
export interface CalendarVersionsTable {
  version: number;
  kind: CalendarVersionKind;
  summary: string;
  changes: string;
  created_by: string;
  created_at: string;
}

/** A copy of GOV.UK's bank-holidays.json as loaded (JSON text), and the version it made. */
export interface CalendarImportsTable {
  id: string;
  version: number;
  source: string;
  sha256: string;
  data: string;
  created_by: string;
  created_at: string;
}

/** A one-off holiday added by an administrator; `divisions` is a JSON list. Removed ones are kept, marked. */
export interface CalendarProclamationsTable {
  id: string;
  holiday_date: string;
  title: string;
  divisions: string;
  reason: string;
  created_by: string;
  created_at: string;
  added_in_version: number;
  removed_at: string | null;
  removed_by: string | null;
  removed_reason: string | null;
  removed_in_version: number | null;
}

/** Every table this module owns: its repositories see these and no others. */
export interface CalendarTables {
  calendar_versions: CalendarVersionsTable;
  calendar_imports: CalendarImportsTable;
  calendar_proclamations: CalendarProclamationsTable;
}
