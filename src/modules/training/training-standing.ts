import type { PersonnelService, PersonStatus } from '../personnel/index.ts';
import type { TrainingRepository } from './training.repository.ts';
import type { Completion, Course } from './training.schemas.ts';
import { countStatuses, nextDueOf, statusOf, type TrainingStatus } from './training-status.ts';

/** One person's standing on one course: what every reader of the contract's training may know. */
export interface Standing {
  personId: string;
  name: string;
  jobTitle: string;
  personStatus: PersonStatus;
  /** Their Custodian account, if linked: whom their own reminders go to. */
  userId: string | null;
  lastCompleted: string | null;
  nextDue: string | null;
  status: TrainingStatus;
}

/** A course with its counts over the people who are not "left" (annex 6.4 covers people with access). */
export interface CourseSummary extends Course {
  people: number;
  counts: Record<TrainingStatus, number>;
}

/** Who the training obligation covers: everyone on the register except people who have left. */
const covered = (p: { status: PersonStatus }) => p.status !== 'left';

/**
 * The read side of training: per course counts, per course people, per person courses. Computed
 * from the register, the latest completion per person and course, and today's UK date; two queries
 * whatever the number of people, so a 10,000-person contract is one pass in memory.
 */
export function createTrainingStanding(deps: {
  repo: TrainingRepository;
  courses: (contractId: string) => Promise<Course[]>;
  personnel: Pick<PersonnelService, 'get' | 'list'>;
  today: () => string;
}) {
  const { repo, personnel } = deps;
  const latestBy = (rows: { person_id: string; course_id: string; completed_on: string }[]) =>
    new Map(rows.map((r) => [`${r.person_id}|${r.course_id}`, r.completed_on]));

  async function standingsOf(contractId: string, course: Course) {
    const day = deps.today();
    const [list, latest] = await Promise.all([personnel.list(contractId), repo.latest(contractId, course.id)]);
    const last = latestBy(latest);
    return list.filter(covered).map((p): Standing => {
      const lastCompleted = last.get(`${p.id}|${course.id}`) ?? null;
      const nextDue = lastCompleted && nextDueOf(lastCompleted, course.recurrenceMonths);
      return {
        personId: p.id,
        name: p.name,
        jobTitle: p.jobTitle,
        personStatus: p.status,
        userId: p.userId,
        lastCompleted,
        nextDue,
        status: statusOf(nextDue, day),
      };
    });
  }

  return {
    /** The contract's courses, each with how many people are current, due soon, overdue or have not completed it. */
    async summaries(contractId: string): Promise<CourseSummary[]> {
      const [courses, people, latest] = await Promise.all([
        deps.courses(contractId),
        personnel.list(contractId),
        repo.latest(contractId),
      ]);
      const day = deps.today();
      const last = latestBy(latest);
      const active = people.filter(covered);
      return courses.map((c) => ({
        ...c,
        people: active.length,
        counts: countStatuses(
          active.map((p) => {
            const done = last.get(`${p.id}|${c.id}`);
            return statusOf(done ? nextDueOf(done, c.recurrenceMonths) : null, day);
          }),
        ),
      }));
    },
    /** Everyone the course covers, with their standing, most urgent first. */
    async standings(contractId: string, course: Course): Promise<Standing[]> {
      const rank: Record<TrainingStatus, number> = { overdue: 0, 'not-done': 1, 'due-soon': 2, current: 3 };
      return (await standingsOf(contractId, course)).sort(
        (a, b) =>
          rank[a.status] - rank[b.status] ||
          (a.nextDue ?? '').localeCompare(b.nextDue ?? '') ||
          a.name.localeCompare(b.name),
      );
    },
    /**
     * One person's courses: standing on each, and their completions. Evidence references only when
     * `withEvidence` (the Agency security manager's permission): they are Agency-internal.
     */
    async forPerson(contractId: string, personId: string, withEvidence: boolean) {
      const person = await personnel.get(contractId, personId);
      const [courses, rows] = await Promise.all([deps.courses(contractId), repo.completionsOf(contractId, personId)]);
      const day = deps.today();
      return {
        person,
        courses: courses.map((c) => {
          const mine = rows.filter((r) => r.course_id === c.id);
          const lastCompleted = mine[0]?.completed_on ?? null;
          const nextDue = lastCompleted && nextDueOf(lastCompleted, c.recurrenceMonths);
          return {
            course: c,
            lastCompleted,
            nextDue,
            status: statusOf(nextDue, day),
            completions: mine.map((r): Completion => ({
              id: r.id,
              personId: r.person_id,
              courseId: r.course_id,
              completedOn: r.completed_on,
              ...(withEvidence && { evidenceRef: r.evidence_ref }),
              source: r.source,
              recordedAt: r.recorded_at,
            })),
          };
        }),
      };
    },
  };
}
