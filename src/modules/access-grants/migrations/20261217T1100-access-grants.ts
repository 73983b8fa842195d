import { sql, type Kysely } from 'kysely';

// Access grants (annex 6.5, 5.1, 7.1): who may reach which system, at what level, why and since
// when. A grant's revocation is its own row, made once (the primary key is the grant), so a
// revocation clock can never be started twice for one grant, by two paths or two processes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('access_grants')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('personnel_people.id'))
    .addColumn('system_id', 'varchar(36)', (c) => c.notNull().references('systems.id'))
    .addColumn('level', 'varchar(20)', (c) => c.notNull())
    .addColumn('reason', 'varchar(1000)', (c) => c.notNull())
    .addColumn('granted_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('granted_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addCheckConstraint('access_grants_level', sql`level in ('standard', 'elevated', 'administrator')`)
    .execute();
  await db.schema.createIndex('access_grants_by_person').on('access_grants').columns(['person_id']).execute();
  await db.schema.createIndex('access_grants_by_system').on('access_grants').columns(['system_id']).execute();
  await db.schema.createIndex('access_grants_by_contract').on('access_grants').columns(['contract_id']).execute();

  await db.schema
    .createTable('access_revocations')
    .addColumn('grant_id', 'varchar(36)', (c) => c.primaryKey().references('access_grants.id'))
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('deadline_id', 'varchar(36)', (c) => c.references('deadlines.id'))
    .addColumn('cause', 'varchar(20)', (c) => c.notNull())
    .addColumn('trigger_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('requested_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('requested_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('revoked_on', 'varchar(10)')
    .addColumn('revoked_by', 'varchar(200)')
    .addColumn('method', 'varchar(500)')
    .addColumn('evidence_ref', 'varchar(500)')
    .addColumn('recorded_at', 'varchar(24)')
    .addColumn('recorded_by', 'varchar(64)')
    .addCheckConstraint(
      'access_revocations_cause',
      sql`cause in ('marked-leaving', 'end-date', 'not-needed', 'review')`,
    )
    .execute();
  await db.schema
    .createIndex('access_revocations_by_contract')
    .on('access_revocations')
    .columns(['contract_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('access_revocations').execute();
  await db.schema.dropTable('access_grants').execute();
}
