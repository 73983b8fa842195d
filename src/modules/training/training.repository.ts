import { sql } from 'kysely';
import { bulkInsert, fromJson, toJson, type ModuleDb, type UnitOfWork } from '../../platform/db/index.ts';
import type { TrainingCompletionsTable, TrainingCoursesTable, TrainingTables } from './training.tables.ts';

export type CourseRow = TrainingCoursesTable;
export type CompletionRow = TrainingCompletionsTable;

const COMPLETION_COLUMNS = [
  'id',
  'contract_id',
  'person_id',
  'course_id',
  'completed_on',
  'evidence_ref',
  'source',
  'recorded_at',
  'recorded_by',
] as const satisfies readonly (keyof CompletionRow)[];

/** Every query of the courses, the completions and the staged imports. */
export function trainingRepository(uow: UnitOfWork) {
  const db: ModuleDb<TrainingTables> = uow.tables<TrainingTables>();
  return {
    /** The contracts that have courses: the ones the reminders look at. */
    contractIds: async () =>
      (await db().selectFrom('training_courses').select('contract_id').distinct().execute()).map((r) => r.contract_id),
    courses: (contractId: string) =>
      db()
        .selectFrom('training_courses')
        .selectAll()
        .where('contract_id', '=', contractId)
        .orderBy('name_key')
        .execute(),
    course: (contractId: string, id: string) =>
      db()
        .selectFrom('training_courses')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('id', '=', id)
        .executeTakeFirst(),
    async insertCourse(row: CourseRow) {
      await db().insertInto('training_courses').values(row).execute();
    },
    async updateCourse(id: string, patch: Partial<CourseRow>) {
      await db().updateTable('training_courses').set(patch).where('id', '=', id).execute();
    },
    /** The latest completion date of each person on each course (or one course) of the contract. */
    latest: (contractId: string, courseId?: string) =>
      db()
        .selectFrom('training_completions')
        .select(['person_id', 'course_id', sql<string>`max(completed_on)`.as('completed_on')])
        .where('contract_id', '=', contractId)
        .$if(courseId !== undefined, (q) => q.where('course_id', '=', courseId!))
        .groupBy(['person_id', 'course_id'])
        .execute(),
    /** One person's completions, newest first. */
    completionsOf: (contractId: string, personId: string) =>
      db()
        .selectFrom('training_completions')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('person_id', '=', personId)
        .orderBy('completed_on', 'desc')
        .orderBy('recorded_at', 'desc')
        .execute(),
    /** What the contract already holds, as person|course|date keys: an import adds no completion twice. */
    async completionKeys(contractId: string): Promise<Set<string>> {
      const rows = await db()
        .selectFrom('training_completions')
        .select(['person_id', 'course_id', 'completed_on'])
        .where('contract_id', '=', contractId)
        .execute();
      return new Set(rows.map((r) => `${r.person_id}|${r.course_id}|${r.completed_on}`));
    },
    insertCompletions: (rows: Iterable<CompletionRow>) =>
      bulkInsert(uow, 'training_completions', COMPLETION_COLUMNS, rows),
    /** Keeps a staged import, clearing the same person's earlier ones on the contract and any older than `cutoff`. */
    async saveImport(
      s: { id: string; contractId: string; createdBy: string; fileName: string; createdAt: string },
      preview: unknown,
      cutoff: string,
    ) {
      await db()
        .deleteFrom('training_imports')
        .where((eb) =>
          eb.or([
            eb('created_at', '<', cutoff),
            eb.and([eb('created_by', '=', s.createdBy), eb('contract_id', '=', s.contractId)]),
          ]),
        )
        .execute();
      await db()
        .insertInto('training_imports')
        .values({
          id: s.id,
          contract_id: s.contractId,
          created_by: s.createdBy,
          file_name: s.fileName,
          preview: toJson(preview),
          created_at: s.createdAt,
          applied_at: null,
        })
        .execute();
    },
    /** The import if it is this person's, on this contract, unapplied and newer than `cutoff`. */
    async findImport<P>(id: string, contractId: string, createdBy: string, cutoff: string) {
      const r = await db()
        .selectFrom('training_imports')
        .selectAll()
        .where('id', '=', id)
        .where('contract_id', '=', contractId)
        .where('created_by', '=', createdBy)
        .where('applied_at', 'is', null)
        .where('created_at', '>=', cutoff)
        .executeTakeFirst();
      return r && { id: r.id, createdAt: r.created_at, preview: fromJson<P>(r.preview) };
    },
    /** Marks it applied, once: false if it already was (a second click, a second tab). */
    async markImportApplied(id: string, at: string): Promise<boolean> {
      const r = await db()
        .updateTable('training_imports')
        .set({ applied_at: at, preview: '{}' })
        .where('id', '=', id)
        .where('applied_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
export type TrainingRepository = ReturnType<typeof trainingRepository>;
