import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// Security training courses per contract (annex 6.4), each repeated every `recurrence_months`
// Months: 12 unless the Client agreed another period in writing, recorded here by the Client's
// Representative (who, when, the period, why). Earlier agreements live in the audit log.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_courses')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('code', 'varchar(100)')
    .addColumn('about', 'varchar(2000)', (c) => c.notNull().defaultTo(''))
    .addColumn('recurrence_months', 'integer', (c) => c.notNull().defaultTo(12))
    .addColumn('agreed_by', 'varchar(64)')
    .addColumn('agreed_by_name', 'varchar(200)')
    .addColumn('agreed_on', 'varchar(10)')
    .addColumn('agreed_reason', 'varchar(2000)')
    .addColumn('agreed_at', 'varchar(24)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('training_courses_name', ['contract_id', 'name_key'])
    .addUniqueConstraint('training_courses_code', ['contract_id', 'code'])
    .execute();
  // Every contract has the course annex 6.4 names; new contracts get it when they are created.
  const contracts = await db.selectFrom('contracts').select('id').execute();
  const at = new Date().toISOString();
  for (const c of contracts as { id: string }[])
    await db
      .insertInto('training_courses')
      .values({
        id: randomUUID(),
        contract_id: c.id,
        name: 'Secure information management',
        name_key: 'secure information management',
        code: null,
        about: '',
        recurrence_months: 12,
        created_at: at,
        created_by: 'system:training',
        updated_at: at,
        updated_by: 'system:training',
      })
      .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('training_courses').execute();
}
