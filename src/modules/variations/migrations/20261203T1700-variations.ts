import type { Kysely } from 'kysely';

// Variations: proposed changes to something both parties agreed (the Security Management Plan now,
// the Security Policy later), through the contract's Variation Procedure (clauses 2.4, 4.4.3, 4.4.4).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('variations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('subject_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('subject_ref', 'varchar(36)', (c) => c.notNull())
    .addColumn('subject_hash', 'varchar(64)')
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('proposed_by_party', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('fast_track', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('proposed_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('proposed_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(64)')
    .addColumn('decided_at', 'varchar(24)')
    .addColumn('decision_note', 'text')
    .addColumn('formal_reference', 'varchar(100)')
    .addColumn('formalised_by', 'varchar(64)')
    .addColumn('formalised_at', 'varchar(24)')
    .addColumn('in_effect_at', 'varchar(24)')
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .addUniqueConstraint('variations_contract_number', ['contract_id', 'number'])
    .execute();
  await db.schema.createIndex('variations_subject').on('variations').columns(['subject_type', 'subject_ref']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('variations').execute();
}
