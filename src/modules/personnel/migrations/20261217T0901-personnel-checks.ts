import { sql, type Kysely } from 'kysely';

// Pre-employment checks (annex 6.1): one current record per person and kind of check. Only the
// outcome, the date, who checked, how, and where the evidence is held: never copies of identity
// documents or details of convictions (data minimisation). Earlier records live in the audit log.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('personnel_checks')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('personnel_people.id'))
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(20)', (c) => c.notNull())
    .addColumn('checked_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('checked_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('method', 'varchar(200)', (c) => c.notNull())
    .addColumn('evidence_ref', 'varchar(500)', (c) => c.notNull())
    .addColumn('recorded_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('personnel_checks_one_per_kind', ['person_id', 'kind'])
    .addCheckConstraint(
      'personnel_checks_kind',
      sql`kind in ('identity', 'criminal-record', 'right-to-work', 'employment-history')`,
    )
    .addCheckConstraint('personnel_checks_outcome', sql`outcome in ('passed', 'not-passed', 'pending')`)
    .execute();
  await db.schema.createIndex('personnel_checks_by_contract').on('personnel_checks').columns(['contract_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('personnel_checks').execute();
}
