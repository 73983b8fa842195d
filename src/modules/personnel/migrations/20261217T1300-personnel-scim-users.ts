import type { Kysely } from 'kysely';

// The identity provider's view of the people it feeds over SCIM 2.0: one row per person the
// provider created (or matched by work email), holding the attributes exactly as the provider last
// sent them, so a SCIM read gives back what was written. The person themself stays in
// personnel_people; a SCIM DELETE removes only this link, never the person.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('personnel_scim_users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().unique().references('personnel_people.id'))
    .addColumn('user_name', 'varchar(1024)', (c) => c.notNull())
    // userName lower-cased by the app (not by SQL lower(), which is ASCII-only on SQLite): RFC 7643 makes it case-insensitive.
    .addColumn('user_name_key', 'varchar(1024)', (c) => c.notNull())
    .addColumn('external_id', 'varchar(1024)')
    .addColumn('display_name', 'varchar(1024)')
    .addColumn('given_name', 'varchar(1024)')
    .addColumn('family_name', 'varchar(1024)')
    .addColumn('formatted_name', 'varchar(1024)')
    .addColumn('email', 'varchar(1024)')
    .addColumn('title', 'varchar(1024)')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('employee_number', 'varchar(1024)')
    .addColumn('organization', 'varchar(1024)')
    .addColumn('department', 'varchar(1024)')
    .addColumn('manager_id', 'varchar(1024)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .addUniqueConstraint('personnel_scim_users_user_name', ['contract_id', 'user_name_key'])
    .execute();
  // Pages come in (created_at, id) order within a contract.
  await db.schema
    .createIndex('personnel_scim_users_by_contract')
    .on('personnel_scim_users')
    .columns(['contract_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('personnel_scim_users').execute();
}
