import type { Kysely } from 'kysely';

// Which plan version or Variation a deadline belongs to (issue 15 item 18): its kind and id, the words
// the lists show ("Variation 2 (version 3)") and the page they link to. Written by the module that
// creates the clock; the deadlines module reads them and knows nothing of plans. One column per
// statement: SQLite adds one column at a time. Rows stored before this belong to nothing named.
const COLUMNS = ['belongs_to_type', 'belongs_to_id', 'belongs_to_label', 'belongs_to_link'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of COLUMNS) await db.schema.alterTable('deadlines').addColumn(column, 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [...COLUMNS].reverse()) await db.schema.alterTable('deadlines').dropColumn(column).execute();
}
