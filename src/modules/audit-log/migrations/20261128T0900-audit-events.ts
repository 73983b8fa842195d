import type { Kysely } from 'kysely';

// Append-only record of security-relevant events. The tamper-evident log (issue 3) strengthens this
// store; callers already write through AuditLog.record(trx, event).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('occurred_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('actor_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(64)')
    .addColumn('actor_organisation_id', 'varchar(36)')
    .addColumn('action', 'varchar(100)', (c) => c.notNull())
    .addColumn('resource_type', 'varchar(50)')
    .addColumn('resource_id', 'varchar(64)')
    .addColumn('contract_id', 'varchar(36)')
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('privileged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_address', 'varchar(64)')
    .addColumn('user_agent', 'varchar(512)')
    .addColumn('request_id', 'varchar(64)')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_occurred_at').on('audit_events').column('occurred_at').execute();
  await db.schema.createIndex('audit_events_contract').on('audit_events').columns(['contract_id', 'occurred_at']).execute();
  await db.schema.createIndex('audit_events_actor').on('audit_events').columns(['actor_id', 'occurred_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
}
