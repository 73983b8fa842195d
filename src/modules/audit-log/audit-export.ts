import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { type UnitOfWork } from '../../platform/db/index.ts';
import type { AuditEventsTable } from './audit-log.tables.ts';
import type { AuditTreeService } from './audit-tree.service.ts';
import { auditIndexRepository } from './audit-index.repository.ts';
import { auditReadRepository, type AuditReadFilter } from './audit-read.repository.ts';
import type { AuditReadService } from './audit-read.service.ts';
import type { AuditFilterQuery } from './audit-read.schemas.ts';

// Big enough to amortise the round trip, small enough that memory stays flat at any log size.
const BATCH = 1_000;
const CSV_COLUMNS = [
  'seq',
  'occurred_at',
  'actor_type',
  'actor_id',
  'actor_name',
  'action',
  'outcome',
  'resource_type',
  'resource_id',
  'privileged',
  'source_address',
  'request_id',
  'leaf_hash',
] as const;

// A formula trigger (= + - @) at the start of the text or of any piece a spreadsheet might split
// off: after a separator (comma, semicolon, tab) or a line break, past blanks and quote marks.
const TRIGGER_IN_ANY_PIECE = /(^|[,;\t\r\n])([\s"]*)(?=[=+\-@])/g;

/**
 * One CSV cell (RFC 4180), always quoted, safe in any spreadsheet (OWASP's CSV injection guidance).
 * Actors can put text in fields that reach here, and a spreadsheet may split a line on `;` or tab
 * rather than `,`, or ignore the quotes: so a quote mark goes before every formula trigger that
 * could begin a cell however the line is split, and before a leading tab or CR (which some strip).
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  s = s.replace(TRIGGER_IN_ANY_PIECE, "$1$2'");
  if (/^[\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}
const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

export type AuditExport = ReturnType<typeof createAuditExport>;

/** Exports of a contract's events as JSON Lines (the canonical OCSF events) or CSV, and their manifest. */
export function createAuditExport(deps: { uow: UnitOfWork; read: AuditReadService; auditTree: AuditTreeService }) {
  const { uow, read } = deps;
  const repo = auditReadRepository(uow);
  const index = auditIndexRepository(uow);

  /** Fixes the export's end: a manifest and the downloads made from it cover exactly the same events. */
  async function prepare(contractId: string, q: AuditFilterQuery, through?: number) {
    await index.boundTail();
    const filter = await read.resolve(contractId, q);
    const head = await repo.lastSeq();
    const last = through === undefined ? head : Math.min(through, head);
    return { filter: { ...filter, maxSeq: Math.min(filter.maxSeq ?? last, last) }, through: last };
  }

  /** The matching rows oldest first, a keyset batch at a time, each with its actor's name. */
  async function* rows(contractId: string, filter: AuditReadFilter) {
    const names = new Map<string, string>();
    for (let after = -1; ;) {
      const batch = await repo.batch(filter, after, BATCH);
      const unknown = batch.filter((r) => r.actor_id && !names.has(r.actor_id));
      if (unknown.length) for (const [k, v] of await read.actorNames(contractId, unknown)) names.set(k, v);
      for (const row of batch) yield { row, actorName: read.nameOf(names, row) };
      if (batch.length < BATCH) return;
      after = Number(batch.at(-1)!.seq);
    }
  }

  const jsonl = (row: AuditEventsTable) => `${row.event}\n`;
  const csv = (row: AuditEventsTable, actorName: string) =>
    csvLine([
      row.seq,
      row.occurred_at,
      row.actor_type,
      row.actor_id,
      actorName,
      row.action,
      row.outcome,
      row.resource_type,
      row.resource_id,
      Number(row.privileged) ? 'yes' : 'no',
      row.source_address,
      row.request_id,
      row.leaf_hash,
    ]);

  return {
    /** A lazily read body: Node pulls the next batch only when the client has taken the last. */
    async stream(contractId: string, q: AuditFilterQuery, format: 'jsonl' | 'csv', through?: number) {
      const { filter, through: last } = await prepare(contractId, q, through);
      async function* lines() {
        if (format === 'csv') yield csvLine([...CSV_COLUMNS]);
        for await (const { row, actorName } of rows(contractId, filter))
          yield format === 'csv' ? csv(row, actorName) : jsonl(row);
      }
      return { through: last, body: Readable.from(lines()) };
    },
    /** The count and SHA-256 of both export files, computed by streaming them (nothing held whole). */
    async manifest(contractId: string, q: AuditFilterQuery, through?: number, fileName = 'events') {
      const { filter, through: last } = await prepare(contractId, q, through);
      const hashes = { jsonl: createHash('sha256'), csv: createHash('sha256').update(csvLine([...CSV_COLUMNS])) };
      let count = 0;
      for await (const { row, actorName } of rows(contractId, filter)) {
        count++;
        hashes.jsonl.update(jsonl(row));
        hashes.csv.update(csv(row, actorName));
      }
      const checkpoint = await deps.auditTree.latestCheckpoint();
      const filters = Object.fromEntries(Object.entries({ ...q, through: last }).filter(([, v]) => v !== undefined));
      return {
        count,
        files: { [`${fileName}.jsonl`]: hashes.jsonl.digest('hex'), [`${fileName}.csv`]: hashes.csv.digest('hex') },
        checkpoint: checkpoint?.note ?? null,
        filters,
      };
    },
  };
}
