import type { Kysely } from 'kysely';

// Clause 4.2.1(g): a document the plan refers to must be held by both parties (or its location
// given). The Agency says whether both hold it; the Client's Representative confirms or disputes
// that it does, with a reason for a dispute. Entries registered before this are unanswered. SQLite
// adds one column per statement.
const COLUMNS: [name: string, type: 'varchar(10)' | 'varchar(24)' | 'varchar(64)' | 'text'][] = [
  ['client_holds', 'varchar(10)'],
  ['client_holds_reason', 'text'],
  ['client_holds_by', 'varchar(64)'],
  ['client_holds_at', 'varchar(24)'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, type] of COLUMNS) await db.schema.alterTable('smp_documents').addColumn(name, type).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...COLUMNS].reverse()) await db.schema.alterTable('smp_documents').dropColumn(name).execute();
}
