import { sql, type Kysely } from 'kysely';

// Clearances held by Agency Staff (annex 6.2): level, sponsor, granted and review or expiry dates,
// and whether it still stands. A renewal changes the dates in place (the audit log keeps the earlier
// ones); a withdrawn or lapsed clearance is kept, never deleted.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clearances')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('personnel_people.id'))
    .addColumn('level', 'varchar(10)', (c) => c.notNull())
    .addColumn('sponsor', 'varchar(200)', (c) => c.notNull())
    .addColumn('granted_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('expires_on', 'varchar(10)')
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('ended_reason', 'varchar(2000)')
    .addColumn('ended_on', 'varchar(10)')
    .addColumn('renewals', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recorded_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
    .addCheckConstraint(
      'clearances_level',
      sql`level in ('BPSS', 'CTC', 'SC', 'eSC', 'DV', 'eDV', 'NPPV1', 'NPPV2', 'NPPV3')`,
    )
    .addCheckConstraint('clearances_status', sql`status in ('active', 'withdrawn', 'lapsed')`)
    .execute();
  await db.schema.createIndex('clearances_by_person').on('clearances').columns(['contract_id', 'person_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('clearances').execute();
}
