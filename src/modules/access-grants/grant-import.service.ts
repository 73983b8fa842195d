import type { AuditEventInput, AuditLog } from '../audit-log/index.ts';
import { MAX_CSV_BYTES, readCsvDate, type PersonnelService } from '../personnel/index.ts';
import type { SystemsService } from '../systems/index.ts';
import { fromJson, toJson, type UnitOfWork } from '../../platform/db/index.ts';
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
import type { AccessGrantsRepository, GrantRow } from './access-grants.repository.ts';
import { grantImportsRepository } from './grant-imports.repository.ts';
import { missingWords } from './checks-words.ts';
import type { GrantCsv, GrantCsvRow } from './grant-csv.ts';

export const GRANT_IMPORT_HOURS = 24;
const job: WorkerJob<{ bytes: Uint8Array }, GrantCsv> = {
  module: new URL('./grant-csv.job.ts', import.meta.url),
  busy: 'Reading files is busy: try again in a minute.',
  tooLong: 'This file took too long to read and was stopped. Split it into smaller files and try again.',
};

/** A grant the import adds, with the names the preview shows. */
export interface NewGrant {
  line: number;
  personId: string;
  personName: string;
  systemId: string;
  systemName: string;
  level: GrantRow['level'];
  reason: string;
  grantedOn: string;
}

/** What applying a grants file would do, kept server-side between the preview and the apply. */
export interface GrantImportPreview {
  fileName: string;
  fileErrors: string[];
  columns: GrantCsv['columns'];
  rows: number;
  added: NewGrant[];
  /** Rows for access the register already records at that level. */
  unchanged: number;
  errors: { line: number; who: string; messages: string[] }[];
}

export class GrantImportGoneError extends DomainError {
  readonly status = 404;
  constructor() {
    super(
      'access_import_gone',
      `This import is no longer available: a preview is kept for ${GRANT_IMPORT_HOURS} hours and can be applied once. Upload the file again.`,
    );
  }
}

/**
 * Importing grants from an IAM export, as the staff import does: read the CSV off the main thread,
 * match each row with the Agency Staff and systems registers, keep the preview; apply it all or
 * nothing, and only if planning the same rows again gives the same result (nothing changed since).
 * A row for a person whose pre-employment checks are incomplete is an error naming what is
 * missing: exceptions are recorded one grant at a time, with their reason, never in bulk.
 */
export function createGrantImportService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  repo: AccessGrantsRepository;
  personnel: Pick<PersonnelService, 'list'>;
  systems: Pick<SystemsService, 'list'>;
  workers: WorkerPool;
}) {
  const { uow, clock, audit, repo } = deps;
  const staged = grantImportsRepository(uow);
  const cutoff = () => iso(new Date(clock.now().getTime() - GRANT_IMPORT_HOURS * 3600_000));

  async function plan(contractId: string, fileName: string, csv: GrantCsv): Promise<GrantImportPreview> {
    const preview: GrantImportPreview = {
      fileName,
      fileErrors: csv.fileErrors,
      columns: csv.columns,
      rows: csv.rows.length,
      added: [],
      unchanged: 0,
      errors: [],
    };
    if (csv.fileErrors.length) return preview;
    // One after the other: at apply this runs inside the transaction, on one connection.
    const people = await deps.personnel.list(contractId);
    const systems = await deps.systems.list(contractId);
    const held = await repo.list(contractId, { held: true });
    const byEmail = new Map(people.map((p) => [p.email, p]));
    const byExternal = new Map(people.filter((p) => p.externalId).map((p) => [p.externalId!, p]));
    const bySystem = new Map(systems.map((s) => [s.name.trim().toLowerCase(), s]));
    const heldLevel = new Map(held.map((g) => [`${g.person_id}:${g.system_id}`, g.level]));
    const seen = new Map<string, number>();
    for (const r of csv.rows) {
      const errors = [...r.errors];
      const date = r.grantedOn ? readCsvDate(r.grantedOn, 'Granted date') : undefined;
      if (date && 'error' in date) errors.push(date.error);
      const person = (r.externalId && byExternal.get(r.externalId)) || (r.email ? byEmail.get(r.email) : undefined);
      if (!person && (r.email || r.externalId))
        errors.push(
          `No one on the Agency Staff register has ${r.externalId ? `employee ID ${r.externalId}` : `the work email ${r.email}`}`,
        );
      const system = r.system ? bySystem.get(r.system.toLowerCase()) : undefined;
      if (!system && r.system) errors.push(`The systems register has no system called “${r.system.slice(0, 80)}”`);
      else if (system?.retiredAt) errors.push(`${system.name} is retired`);
      if (person && (person.status === 'leaving' || person.status === 'left'))
        errors.push(
          `${person.name} is ${person.status === 'left' ? 'no longer on the contract' : 'leaving'}: access cannot be granted`,
        );
      if (person && !person.checks.complete)
        errors.push(
          `${person.name}’s pre-employment checks are not complete (missing: ${missingWords(person.checks.missing)}): record the grant on its own, with the reason for an exception, or complete the checks first`,
        );
      const key = person && system ? `${person.id}:${system.id}` : undefined;
      if (key && seen.has(key))
        errors.push(`Row ${seen.get(key)} is also ${person!.name} on ${system!.name}: each grant once`);
      if (key && !seen.has(key)) seen.set(key, r.line);
      const already = key ? heldLevel.get(key) : undefined;
      if (already && already !== r.level && r.level)
        errors.push(
          `${person!.name} already has ${already} access to ${system!.name}: revoke it first to record another level`,
        );
      if (errors.length) {
        preview.errors.push({
          line: r.line,
          who: person?.name ?? (r.email || r.externalId || '(no one)'),
          messages: errors,
        });
        continue;
      }
      if (already) {
        preview.unchanged++;
        continue;
      }
      preview.added.push({
        line: r.line,
        personId: person!.id,
        personName: person!.name,
        systemId: system!.id,
        systemName: system!.name,
        level: r.level as GrantRow['level'],
        reason: r.reason,
        grantedOn: date && 'date' in date ? date.date : '',
      });
    }
    return preview;
  }

  const load = async (actor: Actor, contractId: string, id: string) => {
    const r = await staged.waiting(contractId, id, actorId(actor), cutoff());
    if (!r) throw new GrantImportGoneError();
    return {
      id: r.id,
      createdAt: r.created_at,
      ...fromJson<{ preview: GrantImportPreview; rows: GrantCsvRow[] }>(r.preview),
    };
  };

  return {
    /** Reads the file and keeps what applying it would do; nothing changes. */
    async preview(actor: Actor, contractId: string, file: { fileName: string; bytes: Uint8Array }) {
      if (file.bytes.length === 0) throw new ValidationError({ file: 'The selected file is empty' });
      if (file.bytes.length > MAX_CSV_BYTES)
        throw new ValidationError({ file: `The file must be ${MAX_CSV_BYTES / (1024 * 1024)} MB or smaller` });
      let csv: GrantCsv;
      try {
        csv = await deps.workers.run(job, { bytes: file.bytes });
      } catch (err) {
        if (err instanceof WorkerBusyError || err instanceof WorkerTimeoutError)
          throw new ValidationError({ file: err.message });
        throw new ValidationError({ file: 'The file could not be read. Check it is a CSV file and try again' });
      }
      const preview = await plan(contractId, file.fileName, csv);
      const id = newId();
      const by = actorId(actor);
      await uow.transaction(async () => {
        await staged.save(
          {
            id,
            contract_id: contractId,
            created_by: by,
            file_name: file.fileName,
            // The rows as read, so the apply step can plan them again against the registers as they are then.
            preview: toJson({ preview, rows: csv.rows }),
            created_at: iso(clock.now()),
            applied_at: null,
          },
          cutoff(),
        );
      });
      return { id, preview };
    },
    /** The reader's own staged import, while it waits. */
    find: async (actor: Actor, contractId: string, id: string) => {
      const s = await load(actor, contractId, id);
      return { id: s.id, preview: s.preview };
    },
    /** Applies a staged import: every new grant, or none. */
    async apply(actor: Actor, contractId: string, id: string) {
      return uow.transaction(async () => {
        const s = await load(actor, contractId, id);
        const p = s.preview;
        if (p.fileErrors.length || p.errors.length)
          throw new ConflictError(
            'access_import_has_errors',
            'The file has errors, so nothing was imported: correct them and upload the file again',
          );
        const again = await plan(contractId, p.fileName, { fileErrors: [], columns: p.columns, rows: s.rows });
        if (again.errors.length || again.added.length !== p.added.length)
          throw new ConflictError(
            'access_import_stale',
            'The registers changed after this preview, so nothing was imported: upload the file again to see what it would change now',
          );
        const at = iso(clock.now());
        if (!(await staged.markApplied(id, at))) throw new GrantImportGoneError();
        const by = actorId(actor);
        const rows: GrantRow[] = again.added.map((g) => ({
          id: newId(),
          contract_id: contractId,
          person_id: g.personId,
          system_id: g.systemId,
          level: g.level,
          reason: g.reason,
          granted_on: g.grantedOn,
          granted_by: by,
          source: 'import',
          created_at: at,
        }));
        await repo.insertMany(rows);
        const summary = { fileName: p.fileName, added: rows.length, unchanged: again.unchanged };
        const events: AuditEventInput[] = [
          {
            actor,
            action: 'access-grant.import',
            contractId,
            resource: { type: 'access-import', id },
            details: summary,
          },
          ...rows.map((g, i) => ({
            actor,
            action: 'access-grant.create',
            contractId,
            resource: { type: 'person', id: g.person_id },
            details: {
              grant: g.id,
              import: id,
              after: { system: again.added[i]!.systemName, level: g.level, reason: g.reason, grantedOn: g.granted_on },
            },
          })),
        ];
        await audit.recordMany(events);
        return summary;
      });
    },
  };
}
