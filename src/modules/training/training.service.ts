import type { AuditLog } from '../audit-log/index.ts';
import type { Contract, ContractsService } from '../contracts/index.ts';
import type { PersonnelService } from '../personnel/index.ts';
import { civilDateInLondon } from '../../platform/calendar/index.ts';
import { uniqueViolation, type UnitOfWork } from '../../platform/db/index.ts';
import {
  actorId,
  ForbiddenError,
  iso,
  newId,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import { parseInput, withDateInput } from '../../platform/validation/index.ts';
import type { WorkerPool } from '../../platform/workers/index.ts';
import { createCompletionsImportService } from './completions-import.service.ts';
import { trainingRepository, type CourseRow } from './training.repository.ts';
import {
  agreementInput,
  completionInput,
  courseInput,
  DEFAULT_COURSE,
  DEFAULT_RECURRENCE_MONTHS,
  type Completion,
  type Course,
} from './training.schemas.ts';
import { createTrainingStanding } from './training-standing.ts';

export const toCourse = (r: CourseRow): Course => ({
  id: r.id,
  contractId: r.contract_id,
  name: r.name,
  code: r.code,
  about: r.about,
  recurrenceMonths: r.recurrence_months,
  agreement:
    r.agreed_on && r.agreed_by_name && r.agreed_reason && r.agreed_by && r.agreed_at
      ? {
          agreedByName: r.agreed_by_name,
          agreedOn: r.agreed_on,
          months: r.recurrence_months,
          reason: r.agreed_reason,
          recordedBy: r.agreed_by,
          recordedAt: r.agreed_at,
        }
      : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A course name or code already used on the contract: a message on the field, on either database. */
async function refusingDuplicates<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const clash = uniqueViolation(err);
    if (!clash) throw err;
    throw new ValidationError(
      clash.columns.includes('code')
        ? { code: 'Another course of this contract has this code' }
        : { name: 'This contract already has a course with this name' },
    );
  }
}

export type TrainingService = ReturnType<typeof createTrainingService>;

/**
 * Security training (annex 6.4): the contract's courses, each repeated every 12 Months unless the
 * Client agreed another period in writing, and who completed which when. Next due dates are
 * computed when read, from the latest completion and the course's period, so an agreed period
 * applies at once to everyone. Every change writes its audit event in the same transaction; the
 * evidence reference is Agency-internal and never goes into an audit event (the Client reads those).
 */
export function createTrainingService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  contracts: Pick<ContractsService, 'get' | 'rolesOn'>;
  personnel: Pick<PersonnelService, 'get' | 'list'>;
  workers: WorkerPool;
}) {
  const { uow, clock, audit, contracts, personnel } = deps;
  const repo = trainingRepository(uow);
  const today = () => civilDateInLondon(clock.now());

  async function course(contractId: string, id: string): Promise<Course> {
    const row = await repo.course(contractId, id);
    if (!row) throw new NotFoundError('The course');
    return toCourse(row);
  }
  async function courses(contractId: string): Promise<Course[]> {
    await contracts.get(contractId);
    return (await repo.courses(contractId)).map(toCourse);
  }

  /** Only the Client's Representative speaks for the Client here (or a token with that role). */
  async function assertClientRepresentative(actor: Actor, contractId: string) {
    const roles =
      actor.type === 'user'
        ? await contracts.rolesOn(actor.userId, contractId)
        : actor.type === 'token' && actor.contractId === contractId
          ? [actor.role]
          : [];
    if (!roles.includes('client-representative'))
      throw new ForbiddenError('Only the Client’s Representative can record the Client’s written agreement');
  }

  const standing = createTrainingStanding({ repo, courses, personnel, today });

  return {
    today,
    /** The contracts that have courses (every contract, once created). */
    contractIds: () => repo.contractIds(),
    course,
    courses,
    ...standing,
    /** Gives a new contract the course annex 6.4 names, in the contract's own transaction. */
    async addDefaultCourse(contract: Contract) {
      const at = iso(clock.now());
      const id = newId();
      await repo.insertCourse({
        id,
        contract_id: contract.id,
        name: DEFAULT_COURSE,
        name_key: DEFAULT_COURSE.toLowerCase(),
        code: null,
        about: '',
        recurrence_months: DEFAULT_RECURRENCE_MONTHS,
        agreed_by: null,
        agreed_by_name: null,
        agreed_on: null,
        agreed_reason: null,
        agreed_at: null,
        created_at: at,
        created_by: 'system:training',
        updated_at: at,
        updated_by: 'system:training',
      });
      await audit.record({
        actor: { type: 'system', name: 'training' },
        action: 'training-course.create',
        contractId: contract.id,
        resource: { type: 'training-course', id },
        details: { after: { name: DEFAULT_COURSE, recurrenceMonths: DEFAULT_RECURRENCE_MONTHS } },
      });
    },
    async createCourse(actor: Actor, contractId: string, input: unknown): Promise<Course> {
      const data = parseInput(courseInput, input);
      return refusingDuplicates(() =>
        uow.transaction(async () => {
          await contracts.get(contractId);
          const at = iso(clock.now());
          const by = actorId(actor);
          const row: CourseRow = {
            id: newId(),
            contract_id: contractId,
            name: data.name,
            name_key: data.name.toLowerCase(),
            code: data.code || null,
            about: data.about,
            recurrence_months: DEFAULT_RECURRENCE_MONTHS,
            agreed_by: null,
            agreed_by_name: null,
            agreed_on: null,
            agreed_reason: null,
            agreed_at: null,
            created_at: at,
            created_by: by,
            updated_at: at,
            updated_by: by,
          };
          await repo.insertCourse(row);
          await audit.record({
            actor,
            action: 'training-course.create',
            contractId,
            resource: { type: 'training-course', id: row.id },
            details: { after: { name: row.name, code: row.code, recurrenceMonths: row.recurrence_months } },
          });
          return toCourse(row);
        }),
      );
    },
    async updateCourse(actor: Actor, contractId: string, id: string, input: unknown): Promise<Course> {
      const data = parseInput(courseInput, input);
      return refusingDuplicates(() =>
        uow.transaction(async () => {
          const before = await course(contractId, id);
          const patch = {
            name: data.name,
            name_key: data.name.toLowerCase(),
            code: data.code || null,
            about: data.about,
          };
          await repo.updateCourse(id, { ...patch, updated_at: iso(clock.now()), updated_by: actorId(actor) });
          const after = await course(contractId, id);
          const changed = (['name', 'code', 'about'] as const).filter((k) => before[k] !== after[k]);
          if (changed.length)
            await audit.record({
              actor,
              action: 'training-course.update',
              contractId,
              resource: { type: 'training-course', id },
              details: {
                name: after.name,
                before: Object.fromEntries(changed.map((k) => [k, before[k]])),
                after: Object.fromEntries(changed.map((k) => [k, after[k]])),
              },
            });
          return after;
        }),
      );
    },
    /**
     * The Client's written agreement to another period than 12 Months (annex 6.4), recorded by the
     * Client's Representative: who agreed for the Client, when, the period and why. Recording is the
     * Client's own act, so no second confirmation is asked; the earlier agreement stays in the audit log.
     */
    async recordAgreement(actor: Actor, contractId: string, id: string, input: unknown): Promise<Course> {
      const body = (input ?? {}) as Record<string, unknown>;
      const hasParts = ['day', 'month', 'year'].some((p) => `agreedOn-${p}` in body);
      const data = hasParts
        ? await withDateInput(body, 'agreedOn', 'the date of the written agreement', async (i) =>
            parseInput(agreementInput, i),
          )
        : parseInput(agreementInput, body);
      if (data.agreedOn > today())
        throw new ValidationError({ agreedOn: 'The date of the written agreement must be today or in the past' });
      return uow.transaction(async () => {
        await assertClientRepresentative(actor, contractId);
        const before = await course(contractId, id);
        const at = iso(clock.now());
        const by = actorId(actor);
        await repo.updateCourse(id, {
          recurrence_months: data.months,
          agreed_by: by,
          agreed_by_name: data.agreedByName,
          agreed_on: data.agreedOn,
          agreed_reason: data.reason,
          agreed_at: at,
          updated_at: at,
          updated_by: by,
        });
        await audit.record({
          actor,
          action: 'training-course.agree-recurrence',
          contractId,
          resource: { type: 'training-course', id },
          details: {
            name: before.name,
            before: { recurrenceMonths: before.recurrenceMonths },
            after: {
              recurrenceMonths: data.months,
              agreedByName: data.agreedByName,
              agreedOn: data.agreedOn,
              reason: data.reason,
            },
          },
        });
        return course(contractId, id);
      });
    },
    /** Records that a person completed a course; the date may come as a GOV.UK date input. */
    async recordCompletion(
      actor: Actor,
      contractId: string,
      personId: string,
      input: unknown,
      source = 'form',
    ): Promise<Completion> {
      const body = (input ?? {}) as Record<string, unknown>;
      const hasParts = ['day', 'month', 'year'].some((p) => `completedOn-${p}` in body);
      const data = hasParts
        ? await withDateInput(body, 'completedOn', 'the date it was completed', async (i) =>
            parseInput(completionInput, i),
          )
        : parseInput(completionInput, body);
      if (data.completedOn > today())
        throw new ValidationError({ completedOn: 'The date it was completed must be today or in the past' });
      return uow.transaction(async () => {
        const person = await personnel.get(contractId, personId);
        const c = await repo.course(contractId, data.courseId);
        if (!c) throw new ValidationError({ courseId: 'Select one of the contract’s courses' });
        if ((await repo.completionKeys(contractId)).has(`${personId}|${c.id}|${data.completedOn}`))
          throw new ValidationError({ completedOn: `${person.name} already has this course completed on this date` });
        const at = iso(clock.now());
        const row = {
          id: newId(),
          contract_id: contractId,
          person_id: personId,
          course_id: c.id,
          completed_on: data.completedOn,
          evidence_ref: data.evidenceRef,
          source,
          recorded_at: at,
          recorded_by: actorId(actor),
        };
        await repo.insertCompletions([row]);
        await audit.record({
          actor,
          action: 'training-completion.record',
          contractId,
          resource: { type: 'person', id: personId },
          details: { course: c.name, completedOn: data.completedOn },
        });
        return {
          id: row.id,
          personId,
          courseId: c.id,
          completedOn: row.completed_on,
          evidenceRef: row.evidence_ref,
          source,
          recordedAt: at,
        };
      });
    },
    imports: createCompletionsImportService({
      uow,
      clock,
      audit,
      repo,
      workers: deps.workers,
      personnel,
      courses,
      today,
    }),
  };
}
