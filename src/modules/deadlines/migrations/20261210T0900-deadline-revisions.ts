import type { Kysely } from 'kysely';

// Each change to a deadline counts one revision: the calendar feed's SEQUENCE (RFC 5545 §3.8.7.4),
// so calendar apps replace the event they hold when the deadline moves or closes. Rows stored
// before this start at 0, which is what the feed said of them until now.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('deadlines')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deadlines').dropColumn('revision').execute();
}
