import type { Kysely } from 'kysely';

// The Security Management Plan: one per contract, made of versions. A version's content (sections,
// named roles, third parties) is JSON; once submitted it never changes, and its SHA-256 is what a
// decision is bound to. The plan row points at the version in force (the last one Approved).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('smp_plans')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().unique().references('contracts.id'))
    .addColumn('in_force_version_id', 'varchar(36)')
    .addColumn('first_submitted_at', 'varchar(24)')
    .addColumn('refusals_in_cycle', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('smp_versions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('smp_plans.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('based_on_version_id', 'varchar(36)')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'varchar(64)')
    .addColumn('submitted_at', 'varchar(24)')
    .addColumn('submitted_by', 'varchar(64)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .addUniqueConstraint('smp_versions_plan_number', ['plan_id', 'number'])
    .execute();
  await db.schema
    .createTable('smp_decisions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('version_id', 'varchar(36)', (c) => c.notNull().unique().references('smp_versions.id'))
    .addColumn('decision', 'varchar(20)', (c) => c.notNull())
    .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('fails_4_2', 'integer', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('decided_at', 'varchar(24)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('smp_disputes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('smp_plans.id'))
    .addColumn('version_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('opened_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('resolved_at', 'varchar(24)')
    .addColumn('resolved_by', 'varchar(64)')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['smp_disputes', 'smp_decisions', 'smp_versions', 'smp_plans'])
    await db.schema.dropTable(t).execute();
}
