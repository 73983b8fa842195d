import type { Kysely } from 'kysely';

// Private iCalendar feed addresses: one live token per person, stored as its SHA-256 only.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deadline_feeds')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(24)')
    .execute();
  await db.schema.createIndex('deadline_feeds_user').on('deadline_feeds').columns(['user_id', 'revoked_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deadline_feeds').execute();
}
