import type { Kysely } from 'kysely';

// Formalising a Variation takes both parties (clause 4.4.3's Variation Procedure): one proposes the
// formal record (its reference and date), the other confirms or declines it. And the proposing party
// may withdraw a proposal it no longer wants. Variations formalised before this keep their columns;
// the new ones are empty for them (one party recorded the reference alone then). SQLite adds one
// column per statement.
const COLUMNS: [name: string, type: 'varchar(10)' | 'varchar(24)' | 'varchar(64)' | 'text'][] = [
  ['formal_date', 'varchar(10)'],
  ['formal_proposed_by', 'varchar(64)'],
  ['formal_proposed_party', 'varchar(10)'],
  ['formal_proposed_at', 'varchar(24)'],
  ['formal_declined_by', 'varchar(64)'],
  ['formal_declined_at', 'varchar(24)'],
  ['formal_decline_reason', 'text'],
  ['withdrawn_by', 'varchar(64)'],
  ['withdrawn_at', 'varchar(24)'],
  ['withdrawal_reason', 'text'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, type] of COLUMNS) await db.schema.alterTable('variations').addColumn(name, type).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...COLUMNS].reverse()) await db.schema.alterTable('variations').dropColumn(name).execute();
}
