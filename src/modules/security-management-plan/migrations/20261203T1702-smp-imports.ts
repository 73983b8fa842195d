import type { Kysely } from 'kysely';

// A Word document read and waiting for its importer to confirm which heading goes to which section.
// Kept in the database, not in memory, so a restart or a second web process does not lose it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('smp_imports')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('claimed_at', 'varchar(24)')
    .execute();
  await db.schema.createIndex('smp_imports_owner').on('smp_imports').columns(['created_by', 'contract_id']).execute();
  await db.schema.createIndex('smp_imports_created').on('smp_imports').columns(['created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('smp_imports').execute();
}
