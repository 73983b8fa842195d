import type { Kysely } from 'kysely';

// Clause 4.4.4: a change the Client requires now is formalised through the Variation Procedure
// afterwards. How many Working Days the parties give themselves for that is the plan's setting;
// existing plans get the default of 15 (the contract's own limit for a two-party approval, 4.3.2).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('smp_plans')
    .addColumn('formalise_within_days', 'integer', (c) => c.notNull().defaultTo(15))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('smp_plans').dropColumn('formalise_within_days').execute();
}
