import type { UnitOfWork } from '../../platform/db/index.ts';
import { auditIndexRepository } from './audit-index.repository.ts';
import type { AuditEventIndexTable, AuditEventsTable, AuditLogTables } from './audit-log.tables.ts';
import { canonicalDetails, INDEX_PROJECTION, projectionOf, type AuditProjection } from './audit-projection.ts';
import { Tampered } from './audit-verify-events.ts';

// Events read per query: each is parsed, so a window is a few MB of objects at most.
const WINDOW = 1_000;

type Stored = Omit<AuditEventsTable, 'leaf_hash'>;
type IndexRow = Pick<AuditEventIndexTable, 'contract_id' | 'seq' | (typeof INDEX_PROJECTION)[number]>;

const show = (v: unknown) => (v === null ? 'nothing' : JSON.stringify(v));

/**
 * Checks what readers see against what is signed, for events [from, to) whose text the hash pass
 * has proven: every column stored beside an event equals its projection (projectionOf), and the
 * read index holds exactly one row for each event about a contract below its watermark, equal to
 * that projection, and no other row. Throws Tampered naming the event at the first difference.
 */
export async function checkProjections(uow: UnitOfWork, from: number, to: number): Promise<void> {
  const db = uow.tables<AuditLogTables>();
  const indexedBelow = (await auditIndexRepository(uow).state()).indexed;
  let expectedIndexRows = 0;
  for (let start = from; start < to; start += WINDOW) {
    const end = Math.min(to, start + WINDOW);
    const rows = (await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', start)
      .where('seq', '<', end)
      .orderBy('seq')
      .execute()) as Stored[];
    const expected = new Map<number, AuditProjection>();
    for (const row of rows) {
      const seq = Number(row.seq);
      const projection = projectionOf(row.event);
      checkColumns(seq, row, projection);
      if (projection.contract_id !== null && seq < indexedBelow) expected.set(seq, projection);
    }
    expectedIndexRows += expected.size;
    await checkIndexWindow(uow, start, end, expected);
  }
  const stored = await db()
    .selectFrom('audit_event_index')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('seq', '>=', from)
    .where('seq', '<', Math.min(to, indexedBelow))
    .executeTakeFirstOrThrow();
  if (Number(stored.n) !== expectedIndexRows) await nameSpuriousIndexRow(uow, from, Math.min(to, indexedBelow));
}

function checkColumns(seq: number, row: Stored, projection: AuditProjection): void {
  for (const column of Object.keys(projection) as (keyof AuditProjection)[]) {
    const stored = column === 'details' ? canonicalDetails(row.details) : row[column];
    // Integers may come back as strings (PostgreSQL's bigint) or numbers.
    const same =
      typeof projection[column] === 'number' ? Number(stored) === projection[column] : stored === projection[column];
    if (!same)
      throw new Tampered(
        seq,
        `event ${seq}'s stored ${column} (${show(stored)}) is not what the signed event says (${show(projection[column])}): it was edited`,
      );
  }
}

/** The index rows of the window's contracts and seqs must be exactly those expected. */
async function checkIndexWindow(
  uow: UnitOfWork,
  start: number,
  end: number,
  expected: Map<number, AuditProjection>,
): Promise<void> {
  const contracts = [...new Set([...expected.values()].map((p) => p.contract_id!))];
  const rows: IndexRow[] = contracts.length
    ? await uow
        .tables<AuditLogTables>()()
        .selectFrom('audit_event_index')
        .select(['contract_id', 'seq', ...INDEX_PROJECTION])
        .where('contract_id', 'in', contracts)
        .where('seq', '>=', start)
        .where('seq', '<', end)
        .orderBy('seq')
        .execute()
    : [];
  const found = new Set<number>();
  for (const row of rows) {
    const seq = Number(row.seq);
    const projection = expected.get(seq);
    if (!projection || projection.contract_id !== row.contract_id || found.has(seq))
      throw new Tampered(
        seq,
        `the read index lists event ${seq} under contract ${row.contract_id}, which the signed event does not name: it was edited`,
      );
    found.add(seq);
    for (const column of INDEX_PROJECTION) {
      const same =
        typeof projection[column] === 'number'
          ? Number(row[column]) === projection[column]
          : row[column] === projection[column];
      if (!same)
        throw new Tampered(
          seq,
          `the read index's ${column} of event ${seq} (${show(row[column])}) is not what the signed event says (${show(projection[column])}): it was edited`,
        );
    }
  }
  for (const seq of expected.keys())
    if (!found.has(seq))
      throw new Tampered(
        seq,
        `the read index has no row for event ${seq}, so contract ${expected.get(seq)!.contract_id} cannot see it: it was removed`,
      );
}

/**
 * There are more index rows than events about contracts: a row was added under a contract its
 * event does not name. Only reached when the log was tampered with, so a plain scan will do.
 */
async function nameSpuriousIndexRow(uow: UnitOfWork, from: number, to: number): Promise<never> {
  const db = uow.tables<AuditLogTables>();
  const rows = await db()
    .selectFrom('audit_event_index')
    .select(['contract_id', 'seq'])
    .where('seq', '>=', from)
    .where('seq', '<', to)
    .orderBy('seq')
    .execute();
  for (const row of rows) {
    const event = await db().selectFrom('audit_events').select('event').where('seq', '=', row.seq).executeTakeFirst();
    if (!event || projectionOf(event.event).contract_id !== row.contract_id)
      throw new Tampered(
        Number(row.seq),
        `the read index lists event ${row.seq} under contract ${row.contract_id}, which the signed event does not name: it was edited`,
      );
  }
  throw new Tampered(undefined, 'the read index holds more rows than there are events about contracts');
}
