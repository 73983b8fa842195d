import type { Kysely } from 'kysely';

// Clause 4.4.1–4.4.2: the at-least-annual full review of the plan in force, what prompted it, its
// results (sent to the Client) and the draft it started, if the plan needs to change.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('smp_reviews')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('smp_plans.id'))
    .addColumn('reviewed_version_id', 'varchar(36)', (c) => c.notNull().references('smp_versions.id'))
    .addColumn('triggers', 'text', (c) => c.notNull())
    .addColumn('trigger_notes', 'text', (c) => c.notNull())
    .addColumn('improvements', 'text', (c) => c.notNull())
    .addColumn('risk_updates', 'text', (c) => c.notNull())
    .addColumn('measurement', 'text', (c) => c.notNull())
    .addColumn('draft_version_id', 'varchar(36)')
    .addColumn('completed_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('completed_at', 'varchar(24)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('smp_reviews_plan').on('smp_reviews').columns(['plan_id', 'completed_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('smp_reviews').execute();
}
