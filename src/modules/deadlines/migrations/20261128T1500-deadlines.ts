import type { Kysely } from 'kysely';

// Deadlines: stored obligation instances of a contract's clauses. Each keeps how it was computed
// (trigger, rule, division, calendar version) so it can be explained and recomputed when the
// calendar changes, and its outcome (met, missed, waived, superseded) is never rewritten.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deadlines')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('kind', 'varchar(80)', (c) => c.notNull())
    .addColumn('clause', 'varchar(40)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('owner_party', 'varchar(16)', (c) => c.notNull())
    .addColumn('owner_user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('escalation_user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('subject_type', 'varchar(50)')
    .addColumn('subject_id', 'varchar(64)')
    .addColumn('trigger_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('trigger_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('rule_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('rule_count', 'integer', (c) => c.notNull())
    .addColumn('division', 'varchar(30)', (c) => c.notNull())
    .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('due_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('provisional', 'integer', (c) => c.notNull())
    .addColumn('calendar_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('met_at', 'varchar(24)')
    .addColumn('met_by', 'varchar(64)')
    .addColumn('closed_at', 'varchar(24)')
    .addColumn('closed_by', 'varchar(64)')
    .addColumn('closed_reason', 'text')
    .addColumn('superseded_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('deadlines_contract_status_due')
    .on('deadlines')
    .columns(['contract_id', 'status', 'due_at'])
    .execute();
  await db.schema.createIndex('deadlines_status_due').on('deadlines').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('deadlines_owner').on('deadlines').columns(['owner_user_id', 'status']).execute();
  await db.schema
    .createIndex('deadlines_subject')
    .on('deadlines')
    .columns(['contract_id', 'kind', 'subject_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deadlines').execute();
}
