import { sql, type Kysely } from 'kysely';

// The outbox: one row per notification and channel, written in the same transaction as the
// notification and claimed by delivery workers under a lease (owner + lease_until).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notification_deliveries')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('notification_id', 'varchar(36)', (c) => c.notNull().references('notifications.id'))
    .addColumn('channel', 'varchar(16)', (c) => c.notNull().check(sql`channel in ('in-app', 'email', 'webhook')`))
    .addColumn('subscription_id', 'varchar(36)', (c) => c.references('webhook_subscriptions.id'))
    .addColumn('destination', 'varchar(2000)')
    .addColumn('status', 'varchar(16)', (c) =>
      c.notNull().check(sql`status in ('pending', 'delivered', 'failed', 'skipped', 'cancelled')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(100)')
    .addColumn('lease_until', 'varchar(24)')
    .addColumn('last_attempt_at', 'varchar(24)')
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('delivered_at', 'varchar(24)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notification_deliveries_notification')
    .on('notification_deliveries')
    .column('notification_id')
    .execute();
  // Workers look for due pending rows; the failures page for failed and retrying ones.
  await db.schema
    .createIndex('notification_deliveries_due')
    .on('notification_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_deliveries').execute();
}
