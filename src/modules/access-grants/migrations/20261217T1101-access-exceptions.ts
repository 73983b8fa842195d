import { sql, type Kysely } from 'kysely';

// Exceptions to the personnel rules for one grant: access before the pre-employment checks are
// complete (6.1), or without the clearance the system's roles need (6.3). Open when raised; agreed
// once the Client's Representative records the written agreement (who, when, until when, why);
// closed when the grant is revoked. `missing` is what was missing when it was raised, as JSON.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('access_exceptions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('personnel_people.id'))
    .addColumn('grant_id', 'varchar(36)', (c) => c.notNull().references('access_grants.id'))
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('reason', 'varchar(2000)', (c) => c.notNull())
    .addColumn('missing', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('raised_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('raised_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('agreed_by', 'varchar(64)')
    .addColumn('agreed_at', 'varchar(24)')
    .addColumn('agreed_until', 'varchar(10)')
    .addColumn('agreed_why', 'varchar(2000)')
    .addColumn('closed_at', 'varchar(24)')
    .addColumn('closed_reason', 'varchar(500)')
    .addCheckConstraint('access_exceptions_kind', sql`kind in ('checks-incomplete', 'clearance-missing')`)
    .addCheckConstraint('access_exceptions_status', sql`status in ('open', 'agreed', 'closed')`)
    .execute();
  await db.schema
    .createIndex('access_exceptions_by_contract')
    .on('access_exceptions')
    .columns(['contract_id', 'status'])
    .execute();
  await db.schema.createIndex('access_exceptions_by_grant').on('access_exceptions').columns(['grant_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('access_exceptions').execute();
}
