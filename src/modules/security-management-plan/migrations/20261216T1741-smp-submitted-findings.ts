import type { Kysely } from 'kysely';

// Completeness no longer stops delivery (clause 4.3.1 obliges the Agency to deliver; 4.3.3 leaves the
// judgement to the Client): a version may be submitted with open findings once the Agency confirms
// them. They are kept with the submission, as JSON, for the Client to read beside the plan. Versions
// submitted before this were complete, so theirs is empty.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('smp_versions').addColumn('submitted_findings', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('smp_versions').dropColumn('submitted_findings').execute();
}
