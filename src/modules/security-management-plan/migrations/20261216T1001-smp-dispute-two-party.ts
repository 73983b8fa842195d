import type { Kysely } from 'kysely';

// The end of a dispute is recorded by both parties (issue 15 item 8): one records the outcome (which
// of three, and the resubmission date if one was agreed), the other confirms it or declines the record
// with a reason. One column per statement: SQLite adds one at a time. Outcomes recorded before this
// were the Client's Representative's alone and always called for a resubmission, so they read as
// amend-and-resubmit recorded by the Client, confirmed by no one (resolved_by moves to recorded_by).
const COLUMNS = [
  ['outcome', 'varchar(24)'],
  ['resubmit_by', 'varchar(10)'],
  ['recorded_by', 'varchar(64)'],
  ['recorded_party', 'varchar(8)'],
  ['recorded_at', 'varchar(24)'],
  ['declined_by', 'varchar(64)'],
  ['declined_at', 'varchar(24)'],
  ['decline_reason', 'text'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [column, type] of COLUMNS) await db.schema.alterTable('smp_disputes').addColumn(column, type).execute();
  await db
    .updateTable('smp_disputes')
    .set((eb) => ({
      outcome: 'amend-and-resubmit',
      recorded_by: eb.ref('resolved_by'),
      recorded_at: eb.ref('resolved_at'),
      recorded_party: 'client',
      resolved_by: null,
    }))
    .where('status', '=', 'resolved')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // Who recorded an older outcome goes back where it was; a confirmed one keeps its confirmer.
  await db
    .updateTable('smp_disputes')
    .set((eb) => ({ resolved_by: eb.ref('recorded_by') }))
    .where('status', '=', 'resolved')
    .where('resolved_by', 'is', null)
    .execute();
  for (const [column] of [...COLUMNS].reverse())
    await db.schema.alterTable('smp_disputes').dropColumn(column).execute();
}
