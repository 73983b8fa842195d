import { sql, type Kysely } from 'kysely';

// A contract's own review or expiry period per clearance level, where it differs from Custodian's
// default (the published periods, or Custodian's own where none could be confirmed).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clearance_periods')
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('level', 'varchar(10)', (c) => c.notNull())
    .addColumn('years', 'integer')
    .addColumn('basis', 'varchar(500)', (c) => c.notNull())
    .addColumn('set_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('set_by', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('clearance_periods_pk', ['contract_id', 'level'])
    .addCheckConstraint('clearance_periods_years', sql`years is null or (years between 1 and 20)`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('clearance_periods').execute();
}
