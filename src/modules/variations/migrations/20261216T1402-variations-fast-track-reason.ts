import type { Kysely } from 'kysely';

// Clause 4.4.4: the Client may require a change faster "acting reasonably", so a fast-track keeps
// the Client's reason. Variations decided before this have none.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('variations').addColumn('fast_track_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('variations').dropColumn('fast_track_reason').execute();
}
