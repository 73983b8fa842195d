import type { Kysely } from 'kysely';

// Copies of GOV.UK's bank-holidays.json, as loaded (the shipped snapshot the first time it is seen,
// then `custodian calendar update` or the administration page). The calendar lays them over each
// other, oldest first, a year at a time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_imports')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull().unique().references('calendar_versions.version'))
    .addColumn('source', 'varchar(500)', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('calendar_imports_sha256').on('calendar_imports').column('sha256').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_imports').execute();
}
