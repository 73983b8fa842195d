import type { Kysely } from 'kysely';

// A contract under Order Schedule 9 and its two parties (plus an optional oversight body, clause 2.1).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contracts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('order_reference', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('agency_organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('client_organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('oversight_organisation_id', 'varchar(36)', (c) => c.references('organisations.id'))
    .addColumn('client_representative_user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('security_policy_applies', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('oversight_may_enforce', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contracts').execute();
}
