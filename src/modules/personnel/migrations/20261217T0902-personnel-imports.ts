import type { Kysely } from 'kysely';

// A staff CSV read and previewed, waiting for its importer to apply it. Kept server-side so the
// apply step uses what was previewed, not what the browser sends back; `revision` is the register's
// revision at the preview, so the import applies only if nothing changed since.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('personnel_imports')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('applied_at', 'varchar(24)')
    .execute();
  await db.schema
    .createIndex('personnel_imports_owner')
    .on('personnel_imports')
    .columns(['created_by', 'contract_id'])
    .execute();
  await db.schema.createIndex('personnel_imports_created').on('personnel_imports').columns(['created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('personnel_imports').execute();
}
