import type { Kysely } from 'kysely';

// Clauses 4.4.1(e) and 4.4.3: a change to the plan the Client's Representative asks for (what and
// why), numbered per plan, and how the Agency answered it: a draft and then the Variation that
// proposes it, or a recorded review that says why no change is needed; the Client may withdraw it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('smp_change_requests')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('smp_plans.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('why', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('requested_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('requested_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('version_id', 'varchar(36)')
    .addColumn('variation_id', 'varchar(36)')
    .addColumn('review_id', 'varchar(36)')
    .addColumn('answered_by', 'varchar(64)')
    .addColumn('answered_at', 'varchar(24)')
    .addColumn('withdrawn_by', 'varchar(64)')
    .addColumn('withdrawn_at', 'varchar(24)')
    .addColumn('withdrawal_reason', 'text')
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .addUniqueConstraint('smp_change_requests_plan_number', ['plan_id', 'number'])
    .execute();
  await db.schema
    .createIndex('smp_change_requests_version')
    .on('smp_change_requests')
    .columns(['version_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('smp_change_requests').execute();
}
