import type { Kysely } from 'kysely';

// Clause 4.2.1(g): the plan may reference only documents the parties hold or whose location is
// given. This register is what every `[[doc: …]]` marker and link in the plan must resolve to.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('smp_documents')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('version', 'varchar(50)', (c) => c.notNull())
    .addColumn('owner', 'varchar(200)', (c) => c.notNull())
    .addColumn('location', 'varchar(1000)', (c) => c.notNull())
    .addColumn('both_parties_hold', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('removed_at', 'varchar(24)')
    .execute();
  await db.schema
    .createIndex('smp_documents_contract')
    .on('smp_documents')
    .columns(['contract_id', 'removed_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('smp_documents').execute();
}
