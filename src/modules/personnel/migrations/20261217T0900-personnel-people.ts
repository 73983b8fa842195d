import { sql, type Kysely } from 'kysely';

// The Agency Staff register (annex 6): people who work on the contract for the Agency or a
// Subcontractor, whether or not they ever sign in. Later tables (clearances, training, access
// grants) refer to personnel_people.id. Each contract's register has a revision, bumped by every
// change to its people, so a CSV import previewed earlier is applied only to the register it was
// previewed against.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('personnel_registers')
    .addColumn('contract_id', 'varchar(36)', (c) => c.primaryKey().references('contracts.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('personnel_people')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('subcontractor', 'varchar(200)')
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    .addColumn('job_title', 'varchar(200)', (c) => c.notNull())
    .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('end_date', 'varchar(10)')
    .addColumn('leaving', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('external_id', 'varchar(200)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
    // Emails are stored lower-cased, so this is the case-insensitive rule; NULL external ids do not clash.
    .addUniqueConstraint('personnel_people_email', ['contract_id', 'email'])
    .addUniqueConstraint('personnel_people_external_id', ['contract_id', 'external_id'])
    .addCheckConstraint('personnel_people_leaving', sql`leaving in (0, 1)`)
    .addCheckConstraint('personnel_people_dates', sql`end_date is null or end_date >= start_date`)
    .execute();
  await db.schema
    .createIndex('personnel_people_by_name')
    .on('personnel_people')
    .columns(['contract_id', 'name_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('personnel_people').execute();
  await db.schema.dropTable('personnel_registers').execute();
}
