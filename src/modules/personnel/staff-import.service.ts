import type { AuditEventInput, AuditLog } from '../audit-log/index.ts';
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
import { planImport, type ImportPreview } from './import-plan.ts';
import type { PersonnelRepository, PersonRow } from './personnel.repository.ts';
import { described, toPerson } from './person-record.ts';
import type { LeavingEvent } from './person-leaving.ts';
import { MAX_CSV_BYTES, type StaffCsv } from './staff-csv.ts';
import { stagedImportsRepository, type StagedImport } from './staff-import.repository.ts';

export const IMPORT_HOURS = 24;

const job: WorkerJob<{ bytes: Uint8Array; agencyName: string }, StaffCsv> = {
  module: new URL('./staff-csv.job.ts', import.meta.url),
  busy: 'Reading staff files is busy: try again in a minute.',
  tooLong: 'This file took too long to read and was stopped. Split it into smaller files and try again.',
};

/** An import that expired, was applied, or is not the reader's: one message for all, so ids reveal nothing. */
export class ImportGoneError extends DomainError {
  readonly status = 404;
  constructor() {
    super(
      'personnel_import_gone',
      `This import is no longer available: a preview is kept for ${IMPORT_HOURS} hours and can be applied once. Upload the file again.`,
    );
  }
}

/** Two rows swapping emails (say) clash only when written: refused as a whole, with what to do. */
async function clashesRefused<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!uniqueViolation(err)) throw err;
    throw new ConflictError(
      'personnel_import_clash',
      'Applying the file would give two people the same work email or employee ID, so nothing was imported: change one of them in the register first, then upload the file again',
    );
  }
}

/**
 * Importing and updating the register from an HR export: read the CSV (off the main thread),
 * compare it with the register and keep that preview server-side; apply it later, all or nothing,
 * in one transaction, and only if the register has not changed since the preview.
 */
export function createStaffImportService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  repo: PersonnelRepository;
  workers: WorkerPool;
  /** How the register names the Agency: an Employer cell with it means the Agency employs them. */
  agencyName: (contractId: string) => Promise<string>;
  /** Today's UK date: the status an audit event gives a person added. */
  today: () => string;
  /** Tells the personnel service's leaving listeners of the people the import makes leavers. */
  leavers: (actor: Actor, contractId: string, events: LeavingEvent[]) => Promise<void>;
}) {
  const { uow, clock, audit, repo } = deps;
  const staged = stagedImportsRepository(uow);
  const cutoff = () => iso(new Date(clock.now().getTime() - IMPORT_HOURS * 3600_000));

  async function read(bytes: Uint8Array, agencyName: string): Promise<StaffCsv> {
    if (bytes.length === 0) throw new ValidationError({ file: 'The selected file is empty' });
    if (bytes.length > MAX_CSV_BYTES)
      throw new ValidationError({ file: `The file must be ${MAX_CSV_BYTES / (1024 * 1024)} MB or smaller` });
    try {
      return await deps.workers.run(job, { bytes, agencyName });
    } catch (err) {
      if (err instanceof WorkerBusyError || err instanceof WorkerTimeoutError)
        throw new ValidationError({ file: err.message });
      throw new ValidationError({ file: 'The file could not be read. Check it is a CSV file and try again' });
    }
  }

  return {
    /** Reads the file and keeps what applying it would do; nothing in the register changes. */
    async preview(
      actor: Actor,
      contractId: string,
      file: { fileName: string; bytes: Uint8Array },
    ): Promise<StagedImport> {
      const agencyName = await deps.agencyName(contractId);
      const csv = await read(file.bytes, agencyName);
      const revision = await repo.revision(contractId);
      const existing = await repo.list(contractId);
      const s: StagedImport = {
        id: newId(),
        contractId,
        createdBy: actorId(actor),
        revision,
        preview: planImport(file.fileName, csv, existing, agencyName),
        createdAt: iso(clock.now()),
      };
      await uow.transaction(() => staged.save(s, cutoff()));
      return s;
    },
    /** The reader's own staged import, while it waits. */
    async find(actor: Actor, contractId: string, id: string): Promise<StagedImport> {
      const s = await staged.find(id, contractId, actorId(actor), cutoff());
      if (!s) throw new ImportGoneError();
      return s;
    },
    /**
     * Applies a staged import: every new person and every change, or nothing. Refused while the file
     * has errors, and when the register changed after the preview (the importer previews again).
     */
    async apply(actor: Actor, contractId: string, id: string) {
      return clashesRefused(() =>
        uow.transaction(async () => {
          const s = await staged.find(id, contractId, actorId(actor), cutoff());
          if (!s) throw new ImportGoneError();
          const p = s.preview;
          if (p.fileErrors.length || p.errors.length)
            throw new ConflictError(
              'personnel_import_has_errors',
              'The file has errors, so nothing was imported: correct them and upload the file again',
            );
          const at = iso(clock.now());
          if (!(await staged.markApplied(s.id, at))) throw new ImportGoneError();
          if (!(await repo.bump(contractId, s.revision)))
            throw new ConflictError(
              'personnel_import_stale',
              'The register changed after this preview, so nothing was imported: upload the file again to see what it would change now',
            );
          const by = actorId(actor);
          const today = deps.today();
          const added = p.added.map((n): PersonRow => ({
            id: newId(),
            contract_id: contractId,
            name: n.name,
            name_key: n.name.toLowerCase(),
            subcontractor: n.subcontractor,
            email: n.email,
            job_title: n.jobTitle,
            start_date: n.startDate,
            end_date: n.endDate,
            leaving: 0,
            user_id: null,
            external_id: n.externalId,
            created_at: at,
            created_by: by,
            updated_at: at,
            updated_by: by,
          }));
          await repo.insertMany(added);
          for (const c of p.changed) await repo.update(c.id, { ...c.set, updated_at: at, updated_by: by });
          const summary = {
            fileName: p.fileName,
            added: p.added.length,
            changed: p.changed.length,
            unchanged: p.unchanged,
          };
          const events: AuditEventInput[] = [
            {
              actor,
              action: 'personnel.import',
              contractId,
              resource: { type: 'personnel-import', id: s.id },
              details: summary,
            },
            ...added.map((r) => ({
              actor,
              action: 'person.create',
              contractId,
              resource: { type: 'person', id: r.id },
              details: { import: s.id, after: described(toPerson(r, today)) },
            })),
            ...p.changed.map((c) => ({
              actor,
              action: 'person.update',
              contractId,
              resource: { type: 'person', id: c.id },
              details: {
                import: s.id,
                before: Object.fromEntries(c.changes.map((x) => [x.field, x.from])),
                after: Object.fromEntries(c.changes.map((x) => [x.field, x.to])),
              },
            })),
          ];
          await audit.recordMany(events);
          // An end date imported that has already arrived makes a leaver now (not at the next daily sweep).
          const left = p.changed.flatMap((c): LeavingEvent[] => {
            const end = c.changes.find((x) => x.field === 'endDate')?.to;
            return end && end <= today ? [{ personId: c.id, name: c.name, trigger: 'end-date', date: end }] : [];
          });
          await deps.leavers(actor, contractId, left);
          return summary;
        }),
      );
    },
  };
}
export type StaffImportService = ReturnType<typeof createStaffImportService>;
export type { ImportPreview };
