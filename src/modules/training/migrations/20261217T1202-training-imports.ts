import type { Kysely } from 'kysely';

// A learning system's CSV export read and previewed, waiting for its importer to apply it: kept
// server-side so the apply step uses what was previewed, not what the browser sends back.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_imports')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('applied_at', 'varchar(24)')
    .execute();
  await db.schema
    .createIndex('training_imports_owner')
    .on('training_imports')
    .columns(['created_by', 'contract_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('training_imports').execute();
}
