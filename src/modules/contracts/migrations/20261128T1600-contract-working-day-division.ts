import type { Kysely } from 'kysely';

// Joint Schedule 1 counts Working Days by England and Wales whatever nation the parties are in;
// a contract may explicitly say otherwise. Existing contracts keep the default.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('contracts')
    .addColumn('working_day_division', 'varchar(30)', (c) => c.notNull().defaultTo('england-and-wales'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contracts').dropColumn('working_day_division').execute();
}
