import { sql, type Kysely } from 'kysely';

// The Working-Day calendar's versions: every change (GOV.UK data loaded, a one-off holiday added or
// removed) is a new version, with what changed. Stored deadlines name the version they were computed with.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_versions')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    // A frozen copy of the kinds as written: migrations never import app code.
    .addColumn('kind', 'varchar(20)', (c) =>
      c.notNull().check(sql`kind in ('initial', 'snapshot', 'import', 'holiday-added', 'holiday-removed')`),
    )
    .addColumn('summary', 'varchar(500)', (c) => c.notNull())
    // JSON list of { division, date, change, before?, after? }.
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_versions').execute();
}
