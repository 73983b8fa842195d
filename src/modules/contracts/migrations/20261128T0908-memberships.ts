import type { Kysely } from 'kysely';

// Roles per contract (least privilege, clause B5). A person may hold several roles on one contract.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('memberships')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('memberships_contract_user_role', ['contract_id', 'user_id', 'role'])
    .execute();
  await db.schema.createIndex('memberships_user').on('memberships').columns(['user_id', 'contract_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('memberships').execute();
}
