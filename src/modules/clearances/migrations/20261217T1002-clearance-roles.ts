import { sql, type Kysely } from 'kysely';

// The catalogue of roles that need clearance (annex 6.2): proposed by the Agency, agreed or refused
// by the Client's Representative case by case. The record last agreed is kept with its SHA-256, and
// stands until a change to it is agreed. People are assigned roles (person × role).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clearance_roles')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('title_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'varchar(2000)', (c) => c.notNull())
    .addColumn('level', 'varchar(10)', (c) => c.notNull())
    .addColumn('system_ids', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('proposed_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('proposed_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('decided_at', 'varchar(24)')
    .addColumn('decided_by', 'varchar(64)')
    .addColumn('refusal_reason', 'varchar(2000)')
    .addColumn('agreed_record', 'text')
    .addColumn('agreed_hash', 'varchar(64)')
    .addColumn('agreed_at', 'varchar(24)')
    .addColumn('agreed_by', 'varchar(64)')
    .addUniqueConstraint('clearance_roles_title', ['contract_id', 'title_key'])
    .addCheckConstraint('clearance_roles_status', sql`status in ('proposed', 'agreed', 'refused')`)
    .execute();
  await db.schema
    .createTable('clearance_role_people')
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('role_id', 'varchar(36)', (c) => c.notNull().references('clearance_roles.id'))
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('personnel_people.id'))
    .addColumn('assigned_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('assigned_by', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('clearance_role_people_pk', ['role_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('clearance_role_people_by_person')
    .on('clearance_role_people')
    .columns(['contract_id', 'person_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('clearance_role_people').execute();
  await db.schema.dropTable('clearance_roles').execute();
}
