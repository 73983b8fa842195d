import { sql, type Kysely } from 'kysely';

// In-app notifications: what each person was told, once per idempotency key.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('idempotency_key', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('recipient_user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('contract_id', 'varchar(36)', (c) => c.references('contracts.id'))
    .addColumn('kind', 'varchar(100)', (c) => c.notNull())
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('link_path', 'varchar(500)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('read_at', 'varchar(24)')
    .execute();
  // A person's list, newest first.
  await db.schema
    .createIndex('notifications_recipient')
    .on('notifications')
    .columns(['recipient_user_id', 'created_at', 'id'])
    .execute();
  // The unread count is in the header of every page: a partial index holds only the unread rows.
  await db.schema
    .createIndex('notifications_unread')
    .on('notifications')
    .column('recipient_user_id')
    .where(sql.ref('read_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
}
