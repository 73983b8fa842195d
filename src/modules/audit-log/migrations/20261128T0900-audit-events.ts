import type { Kysely } from 'kysely';

// The audit log's events: each one a leaf of the Merkle tree, numbered from 0 without gaps. `event`
// is the canonical (RFC 8785) OCSF record that the leaf hash covers; the other columns are indexed
// copies of its fields for filtering, so reading never needs to parse JSON.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('id', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('occurred_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('class_uid', 'integer', (c) => c.notNull())
    .addColumn('activity_id', 'integer', (c) => c.notNull())
    .addColumn('severity_id', 'integer', (c) => c.notNull())
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
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_contract').on('audit_events').columns(['contract_id', 'seq']).execute();
  await db.schema.createIndex('audit_events_actor').on('audit_events').columns(['actor_id', 'seq']).execute();
  await db.schema.createIndex('audit_events_action').on('audit_events').columns(['action', 'seq']).execute();
  await db.schema.createIndex('audit_events_occurred_at').on('audit_events').column('occurred_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
}
