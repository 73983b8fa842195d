import type { Kysely } from 'kysely';

// Who completed which course when, and where the evidence is held (a reference, never the
// certificate itself). Every completion is kept: the latest gives the next due date.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_completions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('personnel_people.id'))
    .addColumn('course_id', 'varchar(36)', (c) => c.notNull().references('training_courses.id'))
    .addColumn('completed_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('evidence_ref', 'varchar(500)', (c) => c.notNull())
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    .addColumn('recorded_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('training_completions_once', ['person_id', 'course_id', 'completed_on'])
    .execute();
  await db.schema
    .createIndex('training_completions_by_course')
    .on('training_completions')
    .columns(['contract_id', 'course_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('training_completions').execute();
}
