import type { Kysely } from 'kysely';

// A contract counts Working Days in another division than England and Wales (Joint Schedule 1)
// only with a reason given at the change. Contracts stored before this have none recorded.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contracts').addColumn('working_day_division_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contracts').dropColumn('working_day_division_reason').execute();
}
