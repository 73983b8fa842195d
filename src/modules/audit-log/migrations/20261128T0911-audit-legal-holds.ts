import type { Kysely } from 'kysely';

// Ranges of events an administrator has put under legal hold: the retention purge never removes them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_legal_holds')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('from_seq', 'bigint', (c) => c.notNull())
    .addColumn('to_seq', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('released_at', 'varchar(24)')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_legal_holds').execute();
}
