import type { AuditEventInput, AuditLog } from '../audit-log/index.ts';
import type { PersonnelService } from '../personnel/index.ts';
import { uniqueViolation, type UnitOfWork } from '../../platform/db/index.ts';
import {
  actorId,
  ConflictError,
  DomainError,
  iso,
  newId,
  ValidationError,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import { WorkerBusyError, WorkerTimeoutError, type WorkerJob, type WorkerPool } from '../../platform/workers/index.ts';
import { MAX_COMPLETION_CSV_BYTES, type CompletionsCsv } from './completions-csv.ts';
import { planCompletions, type CompletionsPreview } from './completions-plan.ts';
import type { TrainingRepository } from './training.repository.ts';
import type { Course } from './training.schemas.ts';

export const IMPORT_HOURS = 24;

const job: WorkerJob<{ bytes: Uint8Array }, CompletionsCsv> = {
  module: new URL('./completions-csv.job.ts', import.meta.url),
  busy: 'Reading files is busy: try again in a minute.',
  tooLong: 'This file took too long to read and was stopped. Split it into smaller files and try again.',
};

/** An import that expired, was applied, or is not the reader's: one message for all, so ids reveal nothing. */
export class CompletionsImportGoneError extends DomainError {
  readonly status = 404;
  constructor() {
    super(
      'training_import_gone',
      `This import is no longer available: a preview is kept for ${IMPORT_HOURS} hours and can be applied once. Upload the file again.`,
    );
  }
}

export interface StagedCompletions {
  id: string;
  createdAt: string;
  preview: CompletionsPreview;
}

/**
 * Importing completions from a learning system's CSV export: read (off the main thread), match
 * with the register and the courses, keep the preview server-side; apply it later, all or nothing,
 * in one transaction. A completion recorded meanwhile is skipped, not doubled.
 */
export function createCompletionsImportService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  repo: TrainingRepository;
  workers: WorkerPool;
  personnel: Pick<PersonnelService, 'list'>;
  courses: (contractId: string) => Promise<Course[]>;
  today: () => string;
}) {
  const { uow, clock, audit, repo } = deps;
  const cutoff = () => iso(new Date(clock.now().getTime() - IMPORT_HOURS * 3600_000));

  async function read(bytes: Uint8Array): Promise<CompletionsCsv> {
    if (bytes.length === 0) throw new ValidationError({ file: 'The selected file is empty' });
    if (bytes.length > MAX_COMPLETION_CSV_BYTES)
      throw new ValidationError({ file: `The file must be ${MAX_COMPLETION_CSV_BYTES / (1024 * 1024)} MB or smaller` });
    try {
      return await deps.workers.run(job, { bytes });
    } catch (err) {
      if (err instanceof WorkerBusyError || err instanceof WorkerTimeoutError)
        throw new ValidationError({ file: err.message });
      throw new ValidationError({ file: 'The file could not be read. Check it is a CSV file and try again' });
    }
  }

  async function find(actor: Actor, contractId: string, id: string): Promise<StagedCompletions> {
    const s = await repo.findImport<CompletionsPreview>(id, contractId, actorId(actor), cutoff());
    if (!s) throw new CompletionsImportGoneError();
    return s;
  }

  return {
    /** Reads the file and keeps what applying it would add; nothing is recorded yet. */
    async preview(
      actor: Actor,
      contractId: string,
      file: { fileName: string; bytes: Uint8Array },
    ): Promise<StagedCompletions> {
      const [people, courses] = await Promise.all([deps.personnel.list(contractId), deps.courses(contractId)]);
      const csv = await read(file.bytes);
      const recorded = await repo.completionKeys(contractId);
      const preview = planCompletions(file.fileName, csv, people, courses, recorded, deps.today());
      const s = {
        id: newId(),
        contractId,
        createdBy: actorId(actor),
        fileName: file.fileName,
        createdAt: iso(clock.now()),
      };
      await uow.transaction(() => repo.saveImport(s, preview, cutoff()));
      return { id: s.id, createdAt: s.createdAt, preview };
    },
    find,
    /** Records every completion of the preview, or none; refused while the file has errors. */
    async apply(actor: Actor, contractId: string, id: string) {
      try {
        return await uow.transaction(async () => {
          const s = await find(actor, contractId, id);
          const p = s.preview;
          if (p.fileErrors.length || p.errors.length)
            throw new ConflictError(
              'training_import_has_errors',
              'The file has errors, so nothing was imported: correct them and upload the file again',
            );
          const at = iso(clock.now());
          if (!(await repo.markImportApplied(s.id, at))) throw new CompletionsImportGoneError();
          const recorded = await repo.completionKeys(contractId);
          const fresh = p.added.filter((a) => !recorded.has(`${a.personId}|${a.courseId}|${a.completedOn}`));
          const by = actorId(actor);
          await repo.insertCompletions(
            fresh.map((a) => ({
              id: newId(),
              contract_id: contractId,
              person_id: a.personId,
              course_id: a.courseId,
              completed_on: a.completedOn,
              evidence_ref: a.evidenceRef,
              source: 'import',
              recorded_at: at,
              recorded_by: by,
            })),
          );
          const summary = {
            fileName: p.fileName,
            added: fresh.length,
            unchanged: p.unchanged + p.added.length - fresh.length,
          };
          const events: AuditEventInput[] = [
            {
              actor,
              action: 'training.import',
              contractId,
              resource: { type: 'training-import', id: s.id },
              details: summary,
            },
            ...fresh.map((a) => ({
              actor,
              action: 'training-completion.record',
              contractId,
              resource: { type: 'person', id: a.personId },
              details: { course: a.courseName, completedOn: a.completedOn, import: s.id },
            })),
          ];
          await audit.recordMany(events);
          return summary;
        });
      } catch (err) {
        if (!uniqueViolation(err)) throw err;
        throw new ConflictError(
          'training_import_clash',
          'Some of these completions were recorded while the file was applied, so nothing was imported: upload the file again',
        );
      }
    },
  };
}
