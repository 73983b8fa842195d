import { sql, type Kysely } from 'kysely';

// Webhook endpoints of one party of a contract; disabled, never deleted, so past deliveries keep their target.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('party', 'varchar(16)', (c) => c.notNull().check(sql`party in ('agency', 'client')`))
    .addColumn('url', 'varchar(2000)', (c) => c.notNull())
    .addColumn('description', 'varchar(100)', (c) => c.notNull())
    .addColumn('secret', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('disabled_at', 'varchar(24)')
    .addColumn('disabled_by', 'varchar(64)')
    .execute();
  await db.schema
    .createIndex('webhook_subscriptions_contract')
    .on('webhook_subscriptions')
    .columns(['contract_id', 'party'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_subscriptions').execute();
}
