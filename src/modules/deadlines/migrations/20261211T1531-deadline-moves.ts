import type { Kysely } from 'kysely';

// A deadline explains itself: why its contract counts Working Days in another division than
// England and Wales (the contract's reason, as it was when the clock was counted), and why it last
// moved when its contract changed (a corrected Start Date, another division). Both empty before this.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deadlines').addColumn('division_reason', 'text').execute();
  await db.schema.alterTable('deadlines').addColumn('move_note', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deadlines').dropColumn('move_note').execute();
  await db.schema.alterTable('deadlines').dropColumn('division_reason').execute();
}
