/**
 * The tamper-evident audit log's speed, each figure against a baseline measured in the same run:
 *
 * 1. Sustained append rate through `recordMany` (batches of --batch events, one transaction each)
 *    plus the read pages' index, which is built behind the append (see audit-index.repository.ts):
 *    caught up whenever --index-every events wait, as the access journal does once a second. The
 *    baseline does the same storage work without hashing or tree maintenance: the same rows, built
 *    with buildAuditRow batch by batch outside the timing, sent by the same auditRepository.insertMany
 *    statements into a copy of audit_events with the same columns, keys and indexes (its own DDL)
 *    and no triggers, and copied into a copy of audit_event_index by the same statement at the same
 *    moments. For information: the raw insert alone, and a bare copy without any key. All run
 *    interleaved batch by batch, so load from other processes hits them alike. Then tiling +
 *    checkpoint of it all.
 * 2. Full verification (`verifyAuditLog`, as `custodian audit verify` runs it: worker threads
 *    join from 200,000 events, their start-up timed) of a log extended to --verify-events events
 *    (untimed), against raw SHA-256 (node:crypto, one-shot, in its fastest output form, one
 *    thread) of the same bytes, 0x00 ‖ canonical event; and, for information, against reading the
 *    same rows through the same repository query, which any full check must also pay.
 * 3. Inclusion-proof latency (`tree.prove`) at --proof-size leaves. The appended tree is extended
 *    with random leaf hashes written straight into audit_tiles (appendLeaves + the tile
 *    repository), the head set to that size and one checkpoint signed by the tree service: proofs
 *    read only tiles, plus the event row, which exists for the appended indexes.
 * 4. Access recording: median latency of a signed-in GET /contracts/:id with and without the
 *    access recorder (two apps over one database, `recordAccess: false` on one, measured in
 *    alternate blocks), one request at a time, every request's record checked to be committed;
 *    a durable one-row commit on the same database (what recording before answering would add);
 *    and both apps under load with autocannon.
 *
 *   npm run bench:audit                                     SQLite, then PostgreSQL if reachable
 *   npm run bench:audit -- --dialects sqlite --events 200000 --parts append,verify
 *   options: --events --batch --index-every --verify-events --proof-size --proofs --requests --duration --connections --parts --dialects --shape
 *
 * SQLite is a WAL file in a temp directory opened by createDb, as production opens it; PostgreSQL
 * a throwaway database (TEST_PG_URL or the local server), dropped afterwards. Prints PASS/MISS per
 * target; the exit code is 0 unless the bench itself fails.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { sql, type Kysely } from 'kysely';
import { buildApp, MIGRATION_FOLDERS } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { buildAuditRow, type AuditEventInput } from '../src/modules/audit-log/audit-event.ts';
import {
  AUDIT_INDEX_COLUMNS,
  auditIndexRepository,
  INDEX_BATCH,
} from '../src/modules/audit-log/audit-index.repository.ts';
import { AUDIT_EVENT_COLUMNS, auditRepository } from '../src/modules/audit-log/audit-log.repository.ts';
import type { AuditEventsTable } from '../src/modules/audit-log/audit-log.tables.ts';
import { auditTreeRepository } from '../src/modules/audit-log/audit-tree.repository.ts';
import {
  auditSigner,
  checkProofDocument,
  createAuditLog,
  createAuditTreeService,
  verifyAuditLog,
} from '../src/modules/audit-log/index.ts';
import { PARALLEL_MIN, type VerifyConnection } from '../src/modules/audit-log/audit-verify-parallel.ts';
import { READ_WINDOW } from '../src/modules/audit-log/audit-verify-events.ts';
import { bulkInsert, createDb, type DbHandle, type UnitOfWork } from '../src/platform/db/index.ts';
import { iso, newId, systemClock } from '../src/platform/kernel/index.ts';
import { appendLeaves } from '../src/platform/merkle/index.ts';
import { parseVerifierKey } from '../src/platform/signed-note/index.ts';
import { createTestDatabase, probePostgres, TEST_PG_URL } from '../test/support/databases.ts';
import { seedContracts, signIn } from './support/seed.ts';

const { values: args } = parseArgs({
  options: {
    dialects: { type: 'string', default: 'sqlite,postgres' },
    parts: { type: 'string', default: 'append,verify,proof,http' },
    events: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    'proof-size': { type: 'string', default: '1000000' },
    'verify-events': { type: 'string', default: '1000000' },
    proofs: { type: 'string', default: '1000' },
    requests: { type: 'string', default: '1500' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    shape: { type: 'string', default: 'access' },
    'index-every': { type: 'string', default: '20000' },
  },
});
const EVENTS = Number(args.events);
const BATCH = Number(args.batch);
const PROOF_SIZE = Number(args['proof-size']);
const VERIFY_EVENTS = Number(args['verify-events']);
const PROOFS = Number(args.proofs);
const REQUESTS = Number(args.requests);
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const PARTS = new Set(args.parts.split(','));
const INDEX_EVERY = Number(args['index-every']);

type Dialect = 'sqlite' | 'postgres';
const NAMES: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const TARGETS = {
  appendRate: { sqlite: 20_000, postgres: 10_000 } as Record<Dialect, number>,
  appendRatio: 0.5,
  proofMedianMs: 5,
  verifyRatio: 0.3,
  accessOverhead: 0.1,
};

// ---------------------------------------------------------------- figures and formatting

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (r: number) => `${fmt(r * 100, 0)}%`;
const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** One line of the final table: a figure per dialect, the target and PASS/MISS where there is one. */
interface Line {
  measure: string;
  target: string;
  values: Partial<Record<Dialect, { text: string; ok?: boolean }>>;
}
const lines: Line[] = [];
function record(measure: string, target: string, dialect: Dialect, text: string, ok?: boolean) {
  let line = lines.find((l) => l.measure === measure);
  if (!line) lines.push((line = { measure, target, values: {} }));
  line.values[dialect] = { text, ok };
}

function table(dialects: Dialect[]): string {
  const header = ['measure', ...dialects.map((d) => NAMES[d]), 'target'];
  const body = lines.map((l) => [
    l.measure,
    ...dialects.map((d) => {
      const v = l.values[d];
      return v ? `${v.text}${v.ok === undefined ? '' : `  ${verdict(v.ok)}`}` : '—';
    }),
    l.target,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const log = (s: string) => console.log(`  ${s}`);

// ---------------------------------------------------------------- databases

interface BenchDb {
  handle: DbHandle;
  dataDir: string;
  connection: VerifyConnection;
  close(): Promise<void>;
}

/** A fresh migrated database: a WAL SQLite file in a temp directory, or a throwaway PostgreSQL database. */
async function openDatabase(dialect: Dialect): Promise<BenchDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-audit-bench-'));
  const cleanDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') {
    // The production default: custodian.db in the data directory.
    const handle = createDb(undefined, dataDir, { migrationFolders: MIGRATION_FOLDERS });
    await handle.migrations.toLatest();
    return {
      handle,
      dataDir,
      connection: { databaseUrl: undefined, dataDir },
      close: async () => {
        await handle.close();
        cleanDir();
      },
    };
  }
  const handle = await createTestDatabase('postgres');
  return {
    handle,
    dataDir,
    connection: { databaseUrl: handle.url, dataDir },
    close: async () => {
      await handle.drop();
      cleanDir();
    },
  };
}

const postgresReachable = probePostgres;

// ---------------------------------------------------------------- 1. append

/**
 * `http.request` events as the access recorder writes them: users of a few organisations reading
 * contracts. A function from the event's number to the event, so the bench makes each batch just
 * before its turn: a server holds one batch of inputs, not the whole run's (100,000 inputs held
 * are ~100 MB that every major collection would mark, charged to whichever step it interrupts).
 */
function accessEvents(shape = 'access'): (i: number) => AuditEventInput {
  const orgs = Array.from({ length: 20 }, () => newId());
  const users = Array.from({ length: 400 }, (_, i) => ({
    userId: newId(),
    organisationId: orgs[i % orgs.length]!,
    address: `10.${i % 250}.${(i * 7) % 250}.${(i * 13) % 250}`,
  }));
  const contracts = Array.from({ length: 1000 }, () => newId());
  const agents = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  ];
  const routes = [
    ['GET', '/contracts/:contractId', ''],
    ['GET', '/contracts/:contractId/members', '/members'],
    ['GET', '/api/v1/contracts/:contractId', ''],
    ['POST', '/contracts/:contractId/members', '/members'],
    ['GET', '/contracts/:contractId/audit', '/audit'],
  ] as const;
  return (i) => {
    const u = users[i % users.length]!;
    const contractId =
      shape === 'source'
        ? contracts[Math.floor(i / BATCH) % contracts.length]!
        : contracts[(i * 31) % contracts.length]!;
    const [method, route, suffix] = routes[i % routes.length]!;
    const p = route.startsWith('/api') ? `/api/v1/contracts/${contractId}` : `/contracts/${contractId}${suffix}`;
    const status = i % 97 === 0 ? 403 : method === 'POST' ? 303 : 200;
    return {
      actor: {
        type: 'user',
        userId: u.userId,
        organisationId: u.organisationId,
        privileged: false,
        request: {
          requestId: crypto.randomBytes(8).toString('hex'),
          sourceAddress: u.address,
          userAgent: agents[i % agents.length],
        },
      },
      action: 'http.request',
      contractId,
      resource: { type: 'contract', id: contractId },
      outcome: status === 403 ? 'denied' : 'success',
      http: { method, path: p, status },
      details: { route, method, status },
    };
  };
}

/**
 * An empty copy of `source` with the same columns, keys and indexes as it has now (migrations
 * change them), and no triggers: SQLite's own DDL with the names changed, or PostgreSQL's LIKE.
 */
async function createCopyTable(db: Kysely<any>, dialect: Dialect, source: string, target: string): Promise<void> {
  if (dialect === 'postgres') {
    await sql`create table ${sql.table(target)} (like ${sql.table(source)} including all)`.execute(db);
    return;
  }
  const ddl = (
    await sql<{
      sql: string;
    }>`select sql from sqlite_master where tbl_name = ${source} and type in ('table', 'index') and sql is not null order by type desc`.execute(
      db,
    )
  ).rows;
  // Index names begin with the table's name, so one replacement renames the table and its indexes.
  for (const d of ddl) await sql.raw(d.sql.replaceAll(`"${source}`, `"${target}`)).execute(db);
}

/** The same statements recordMany sends (auditRepository.insertMany, through bulkInsert), into a copy table. */
async function rawInsert(uow: UnitOfWork, table: string, rows: AuditEventsTable[]) {
  await bulkInsert(uow, table, AUDIT_EVENT_COLUMNS, rows);
}

async function benchAppend(dialect: Dialect, bdb: BenchDb) {
  const db = bdb.handle.db;
  const uow = bdb.handle.uow;
  const anyDb = db as unknown as Kysely<any>;
  const audit = createAuditLog({ uow, clock: systemClock });
  const index = auditIndexRepository(uow);
  const eventAt = accessEvents(args.shape);
  const at = iso(new Date());
  // The baseline's rows are built batch by batch just before their untimed turn, not all up front:
  // holding 100,000 built rows (~200 MB) made every collection during recordMany, the one step
  // that allocates, far dearer than in a server, which holds one batch.
  let buildMs = 0;
  let bytes = 0;
  // The baseline stores the same rows the same way, without hashing or tree: a copy of audit_events
  // and a copy of its read index, filled behind it by the same statement at the same moments.
  await createCopyTable(anyDb, dialect, 'audit_events', 'bench_raw_events');
  await createCopyTable(anyDb, dialect, 'audit_event_index', 'bench_raw_index');
  await anyDb.schema
    .createTable('bench_raw_bare')
    .as(anyDb.selectFrom('audit_events').selectAll().where('seq', '<', 0))
    .execute();
  log(
    'baseline copy tables: bench_raw_events and bench_raw_index (the DDL of audit_events and audit_event_index), bench_raw_bare (no keys)',
  );

  const ms = { log: 0, index: 0, raw: 0, rawIndex: 0, bare: 0 };
  let catchUps = 0;
  let rawIndexed = 0;
  const dueForIndex = (indexed: number, upTo: number) => upTo >= EVENTS || upTo - indexed >= INDEX_EVERY;
  const catchUp = () =>
    timed('index', async () => {
      await index.catchUp();
      catchUps++;
    });
  const rawCatchUp = (upTo: number) =>
    timed('rawIndex', async () => {
      for (; rawIndexed < upTo; rawIndexed = Math.min(upTo, rawIndexed + INDEX_BATCH)) {
        const from = rawIndexed;
        const to = Math.min(upTo, from + INDEX_BATCH);
        // The statement auditIndexRepository.copyRows runs, on the copy tables.
        await uow.transaction(() =>
          sql`insert into bench_raw_index (${AUDIT_INDEX_COLUMNS}) select ${AUDIT_INDEX_COLUMNS} from bench_raw_events
            where seq >= ${from} and seq < ${to} and contract_id is not null order by contract_id, seq`
            .execute(uow.executor())
            .then(() => undefined),
        );
      }
    });
  const timed = async (key: keyof typeof ms, run: () => Promise<void>) => {
    const start = performance.now();
    await run();
    ms[key] += performance.now() - start;
  };
  for (let from = 0, b = 0; from < EVENTS; from += BATCH, b++) {
    const batch = Array.from({ length: Math.min(BATCH, EVENTS - from) }, (_, i) => eventAt(from + i));
    const t0 = performance.now();
    const batchRows = batch.map((e, i) => buildAuditRow(e, from + i, newId(), at));
    buildMs += performance.now() - t0;
    for (const r of batchRows) bytes += Buffer.byteLength(r.event);
    // Rotate the order each batch, so none always follows the same neighbour (WAL checkpoints, vacuum).
    const steps = [
      async () => {
        await timed('log', () => audit.recordMany(batch));
        if (dueForIndex((await index.state()).indexed, from + batch.length)) await catchUp();
      },
      async () => {
        await timed('raw', () => rawInsert(uow, 'bench_raw_events', batchRows));
        if (dueForIndex(rawIndexed, from + batch.length)) await rawCatchUp(from + batch.length);
      },
      () => timed('bare', () => rawInsert(uow, 'bench_raw_bare', batchRows)),
    ];
    for (let k = 0; k < 3; k++) await steps[(b + k) % 3]!();
  }
  log(
    `${fmt(EVENTS)} http.request events, canonical event ${fmt(bytes / EVENTS)} bytes on average; buildAuditRow ${fmt((buildMs * 1000) / EVENTS, 1)} µs each (the baseline's rows, outside the timed steps)`,
  );
  const rate = (m: number) => (EVENTS / m) * 1000;
  const head = await db.selectFrom('audit_tree_head').selectAll().executeTakeFirstOrThrow();
  if (Number(head.size) !== EVENTS) throw new Error(`head size ${head.size}, expected ${EVENTS}`);
  const indexedSize = (await index.state()).indexed;
  if (indexedSize !== EVENTS) throw new Error(`read index at ${indexedSize}, expected ${EVENTS}`);
  const sustained = ms.log + ms.index;
  const baseline = ms.raw + ms.rawIndex;
  log(`recordMany            ${fmt(ms.log)} ms  ${fmt(rate(ms.log))} events/s`);
  log(
    `read-index catch-up   ${fmt(ms.index)} ms  ${fmt(rate(ms.index))} events/s  (${catchUps} runs, whenever ${fmt(INDEX_EVERY)} events waited)`,
  );
  log(`sustained, both       ${fmt(sustained)} ms  ${fmt(rate(sustained))} events/s`);
  log(`raw insert            ${fmt(ms.raw)} ms  ${fmt(rate(ms.raw))} rows/s   (recordMany = ${pct(ms.raw / ms.log)})`);
  log(`raw read-index copy   ${fmt(ms.rawIndex)} ms  ${fmt(rate(ms.rawIndex))} rows/s`);
  log(
    `raw, both (baseline)  ${fmt(baseline)} ms  ${fmt(rate(baseline))} rows/s   (sustained = ${pct(baseline / sustained)})`,
  );
  log(
    `raw insert, bare      ${fmt(ms.bare)} ms  ${fmt(rate(ms.bare))} rows/s   (recordMany = ${pct(ms.bare / ms.log)})`,
  );
  // The targets are judged on the sustained rate, against the baseline doing the same storage work:
  // appending is only done once the reads can see it by index, for the log and the baseline alike.
  record('append: recordMany alone (events/s)', 'information', dialect, fmt(rate(ms.log)));
  record(
    `append: read-index catch-up (events/s, every ${fmt(INDEX_EVERY)})`,
    'information',
    dialect,
    fmt(rate(ms.index)),
  );
  record(
    'append: sustained, recordMany + catch-up (events/s)',
    `≥ ${fmt(TARGETS.appendRate.sqlite)} SQLite, ${fmt(TARGETS.appendRate.postgres)} PostgreSQL`,
    dialect,
    fmt(rate(sustained)),
    rate(sustained) >= TARGETS.appendRate[dialect],
  );
  record('append: raw insert + read index, same tables (rows/s)', 'baseline', dialect, fmt(rate(baseline)));
  record(
    'append: sustained / raw insert + read index',
    `≥ ${pct(TARGETS.appendRatio)}`,
    dialect,
    pct(baseline / sustained),
    baseline / sustained >= TARGETS.appendRatio,
  );
  record('append: raw insert alone, same table (rows/s)', 'information', dialect, fmt(rate(ms.raw)));
  record('append: recordMany alone / raw insert alone', 'information', dialect, pct(ms.raw / ms.log));
  record('append: sustained / raw insert alone', 'information', dialect, pct(ms.raw / sustained));
  record('append: raw insert, bare copy (rows/s)', 'information', dialect, fmt(rate(ms.bare)));

  // The copies served their purpose; gone, they no longer compete with audit_events for the cache.
  for (const t of ['bench_raw_events', 'bench_raw_index', 'bench_raw_bare']) await anyDb.schema.dropTable(t).execute();

  const tree = createAuditTreeService({
    uow,
    clock: systemClock,
    signer: auditSigner({ keyFile: path.join(bdb.dataDir, 'audit.key'), origin: 'bench.custodian.example/audit' }),
  });
  await tree.verifierKey(); // create the key outside the timing
  const t = performance.now();
  const cp = await tree.checkpoint();
  const tileMs = performance.now() - t;
  if (cp?.size !== EVENTS) throw new Error(`checkpoint at ${cp?.size}, expected ${EVENTS}`);
  log(`tiling + checkpoint   ${fmt(tileMs)} ms  ${fmt(rate(tileMs))} leaves/s`);
  record(
    `tiling + checkpoint of ${fmt(EVENTS)} events (ms)`,
    'information',
    dialect,
    `${fmt(tileMs)} (${fmt(rate(tileMs))}/s)`,
  );
  return tree;
}

// ---------------------------------------------------------------- 2. verify

async function benchVerify(dialect: Dialect, bdb: BenchDb, tree: ReturnType<typeof createAuditTreeService>) {
  const uow = bdb.handle.uow;
  const events = auditRepository(uow);
  const verifier = parseVerifierKey(await tree.verifierKey());
  const total = await extendLog(bdb, tree, VERIFY_EVENTS);
  const windows = Array.from(
    { length: Math.ceil(total / READ_WINDOW) },
    (_, i) => [i * READ_WINDOW, Math.min(total, (i + 1) * READ_WINDOW)] as const,
  );
  let rawMs = Infinity;
  let readMs = Infinity;
  let verifyMs = Infinity;
  let bytes = 0;
  // Interleaved, best of 3 each. Raw SHA-256 hashes the bytes the leaf hashes cover, 0x00 ‖ event,
  // prepared window by window outside the timing (all of them at once would not fit in memory), by
  // node:crypto's one-shot hash with each of its output forms, and the fastest counts: a Buffer
  // result costs ~0.8 µs a call more than a string (its own native allocation), which is not
  // SHA-256's throughput, so it must not slow the baseline. The read floor is what any full check
  // must pay before hashing: the same rows through the same repository query, in the same windows,
  // and nothing else.
  const forms = ['buffer', 'hex', 'binary'] as const;
  let rawForm: (typeof forms)[number] = 'buffer';
  for (let round = 0; round < 3; round++) {
    const hashing = { buffer: 0, hex: 0, binary: 0 };
    bytes = 0;
    for (const [from, to] of windows) {
      const inputs = (await events.range(from, to, to - from)).map((r) =>
        Buffer.concat([Buffer.of(0), Buffer.from(r.event, 'utf8')]),
      );
      for (const form of forms) {
        const t = performance.now();
        for (const b of inputs) crypto.hash('sha256', b, form);
        hashing[form] += performance.now() - t;
      }
      for (const b of inputs) bytes += b.length;
    }
    for (const form of forms) {
      if (hashing[form] < rawMs) {
        rawMs = hashing[form];
        rawForm = form;
      }
    }
    let t = performance.now();
    for (const [from, to] of windows) {
      const rows = await events.rawRange(from, to);
      while (rows.next());
    }
    readMs = Math.min(readMs, performance.now() - t);
    t = performance.now();
    const report = await verifyAuditLog(uow, verifier, {}, { connection: bdb.connection });
    verifyMs = Math.min(verifyMs, performance.now() - t);
    if (!report.ok || report.eventsChecked !== total) throw new Error(`verification failed: ${JSON.stringify(report)}`);
  }
  const rate = (m: number) => (total / m) * 1000;
  log(
    `verifying ${fmt(total)} events (--verify-events; worker threads from ${fmt(PARALLEL_MIN)}, ${os.availableParallelism()} CPUs), best of 3 each, start-up included`,
  );
  log(
    `raw SHA-256           ${fmt(rawMs)} ms  ${fmt(rate(rawMs))} events/s, ${fmt(bytes / rawMs / 1000)} MB/s  (crypto.hash with '${rawForm}' output, the fastest form)`,
  );
  log(
    `read rows only        ${fmt(readMs)} ms  ${fmt(rate(readMs))} events/s  (auditRepository.rawRange over windows of ${fmt(READ_WINDOW)}, as verify reads, one thread)`,
  );
  log(
    `verifyAuditLog        ${fmt(verifyMs)} ms  ${fmt(rate(verifyMs))} events/s  (= ${pct(rawMs / verifyMs)} of raw SHA-256; ${pct((rawMs + readMs) / verifyMs)} of read + raw SHA-256)`,
  );
  record(`verify: verifyAuditLog of ${fmt(total)} events (events/s)`, 'information', dialect, fmt(rate(verifyMs)));
  record('verify: raw SHA-256 of 0x00‖event (events/s)', 'baseline', dialect, fmt(rate(rawMs)));
  record(
    'verify: verifyAuditLog / raw SHA-256',
    `≥ ${pct(TARGETS.verifyRatio)}`,
    dialect,
    pct(rawMs / verifyMs),
    rawMs / verifyMs >= TARGETS.verifyRatio,
  );
  record('verify: reading the rows alone (events/s)', 'information', dialect, fmt(rate(readMs)));
  record(
    'verify: verifyAuditLog / (read rows + raw SHA-256)',
    'information',
    dialect,
    pct((rawMs + readMs) / verifyMs),
  );
}

/**
 * Appends events until the log holds `size` (untimed, the same access events in batches of 5,000),
 * then indexes, tiles and signs them: verification is measured on a log of a realistic size.
 */
async function extendLog(bdb: BenchDb, tree: ReturnType<typeof createAuditTreeService>, size: number): Promise<number> {
  const uow = bdb.handle.uow;
  const audit = createAuditLog({ uow, clock: systemClock });
  const index = auditIndexRepository(uow);
  const eventAt = accessEvents(args.shape);
  const start = Number((await auditRepository(uow).head()).size);
  if (start >= size) return start;
  const t = performance.now();
  for (let from = start; from < size; from += 5_000) {
    const batch = Array.from({ length: Math.min(5_000, size - from) }, (_, i) => eventAt(from + i));
    await audit.recordMany(batch);
    if ((from - start) % 100_000 === 0) await index.catchUp();
  }
  await index.catchUp();
  const cp = await tree.checkpoint();
  if (cp?.size !== size) throw new Error(`checkpoint at ${cp?.size}, expected ${size}`);
  log(
    `log extended from ${fmt(start)} to ${fmt(size)} events for verification (untimed): ${fmt((performance.now() - t) / 1000, 1)} s`,
  );
  return size;
}

// ---------------------------------------------------------------- 3. proofs

async function benchProofs(dialect: Dialect, bdb: BenchDb, tree: ReturnType<typeof createAuditTreeService>) {
  const db = bdb.handle.db;
  const head = await db.selectFrom('audit_tree_head').selectAll().executeTakeFirstOrThrow();
  const withEvents = Number(head.size);
  if (Number(head.tiled_size) !== withEvents) throw new Error('the appended events are not all tiled');
  // Random leaf hashes straight into the tiles, 100,000 per transaction, then the head.
  let t = performance.now();
  for (let from = withEvents; from < PROOF_SIZE;) {
    const to = Math.min(PROOF_SIZE, from + 100_000);
    const leaves = Array.from({ length: to - from }, () => crypto.randomBytes(32));
    const tiles = auditTreeRepository(bdb.handle.uow);
    await bdb.handle.uow.transaction(async () => {
      await tiles.writeTiles(await appendLeaves(from, leaves, tiles.tileStore()));
      await bdb.handle.uow
        .executor<any>()
        .updateTable('audit_tree_head')
        .set({ size: to, tiled_size: to })
        .where('id', '=', 1)
        .execute();
    });
    from = to;
  }
  // The production path: root from the tiles, signed note (none needed when the events reach that far).
  const cp = (await tree.checkpoint()) ?? (await tree.latestCheckpoint());
  if (cp?.size !== PROOF_SIZE) throw new Error(`checkpoint at ${cp?.size}, expected ${PROOF_SIZE}`);
  if (withEvents < PROOF_SIZE)
    log(
      `tree extended from ${fmt(withEvents)} to ${fmt(PROOF_SIZE)} leaves with random leaf hashes written as tiles, checkpoint signed: ${fmt(performance.now() - t)} ms`,
    );
  else log(`proofs in the tree of the ${fmt(withEvents)} events verified above`);

  const vkey = await tree.verifierKey();
  const all: number[] = [];
  const withRow: number[] = [];
  let verified = 0;
  for (let i = 0; i < PROOFS + 100; i++) {
    const index = crypto.randomInt(PROOF_SIZE);
    t = performance.now();
    const doc = await tree.prove(index);
    const elapsed = performance.now() - t;
    if (i < 100) continue; // warm-up
    all.push(elapsed);
    if (index < withEvents) withRow.push(elapsed);
    if (checkProofDocument(JSON.stringify(doc), vkey).ok) verified++;
  }
  if (verified !== PROOFS) throw new Error(`only ${verified} of ${PROOFS} proofs verified`);
  const m = median(all);
  log(
    `tree.prove at ${fmt(PROOF_SIZE)}: median ${fmt(m, 2)} ms, p99 ${fmt(quantile(all, 0.99), 2)} ms over ${fmt(PROOFS)} random indexes (${fmt(withRow.length)} with an event row: median ${fmt(median(withRow), 2)} ms); ${verified}/${PROOFS} verified`,
  );
  record(
    `proof at ${fmt(PROOF_SIZE)}: median (ms)`,
    `< ${TARGETS.proofMedianMs}`,
    dialect,
    fmt(m, 2),
    m < TARGETS.proofMedianMs,
  );
  record(`proof at ${fmt(PROOF_SIZE)}: p99 (ms)`, 'information', dialect, fmt(quantile(all, 0.99), 2));
  record(
    `proof at ${fmt(PROOF_SIZE)}: median, event row present (ms)`,
    'information',
    dialect,
    withRow.length ? fmt(median(withRow), 2) : '—',
  );
}

// ---------------------------------------------------------------- 4. access recording

/** One GET over a keep-alive agent, timed from send to the last byte of the body. */
function timedGet(agent: http.Agent, port: number, urlPath: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent, headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`GET ${urlPath} answered ${res.statusCode}`));
      res.resume();
      res.on('end', () => resolve(performance.now() - start));
    });
    req.on('error', reject);
  });
}

async function benchAccess(dialect: Dialect) {
  const bdb = await openDatabase(dialect);
  const config = loadConfig({
    CUSTODIAN_DATA_DIR: bdb.dataDir,
    CUSTODIAN_PUBLIC_URL: 'http://127.0.0.1',
    CUSTODIAN_LOG_LEVEL: 'silent',
  });
  // Two apps over the same database and data directory (so the same cookie secret): one records access, one does not.
  const apps = {
    on: await buildApp({ config, db: bdb.handle, clock: systemClock, logger: false }),
    off: await buildApp({ config, db: bdb.handle, clock: systemClock, logger: false, recordAccess: false }),
  };
  const ports = { on: 0, off: 0 };
  for (const k of ['on', 'off'] as const) {
    await apps[k].app.listen({ host: '127.0.0.1', port: 0 });
    ports[k] = (apps[k].app.server.address() as { port: number }).port;
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const { rep, contract } = await seedContracts(apps.on.services);
    const cookie = await signIn(`http://127.0.0.1:${ports.on}`, rep.email, contract.id);
    const page = `/contracts/${contract.id}`;
    // The floor of any durable per-request record: one small row committed on its own, as often.
    const anyDb = bdb.handle.db as unknown as Kysely<any>;
    await anyDb.schema
      .createTable('bench_commit')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('v', 'text')
      .execute();
    const commits: number[] = [];
    for (let i = 0; i < 300; i++) {
      const start = performance.now();
      await anyDb.transaction().execute((trx) =>
        trx
          .insertInto('bench_commit')
          .values({ id: i, v: 'x'.repeat(200) })
          .execute(),
      );
      if (i >= 50) commits.push(performance.now() - start);
    }
    // Access records are group-committed just after responses: flush before counting them.
    const count = async () =>
      (await apps.on.accessJournal.flush(), 0) +
      Number((await bdb.handle.db.selectFrom('audit_tree_head').select('size').executeTakeFirstOrThrow()).size);

    // One request at a time, alternating blocks of 100 so drift and neighbours' load hit both alike.
    const samples = { on: [] as number[], off: [] as number[] };
    for (let i = 0; i < 200; i++) await timedGet(agent, ports[i % 2 ? 'on' : 'off'], page, cookie); // warm-up
    const before = await count();
    for (let block = 0; block < (2 * REQUESTS) / 100; block++) {
      const k = block % 2 === 0 ? 'on' : 'off';
      for (let i = 0; i < 100; i++) samples[k].push(await timedGet(agent, ports[k], page, cookie));
    }
    const recorded = (await count()) - before;
    if (recorded !== samples.on.length)
      throw new Error(`expected ${samples.on.length} recorded requests, the log grew by ${recorded}`);
    const [on, off] = [median(samples.on), median(samples.off)];
    if (process.env.BENCH_DEBUG)
      for (const q of [0.1, 0.25, 0.5, 0.75, 0.9])
        log(`q${q}: off ${fmt(quantile(samples.off, q), 3)} on ${fmt(quantile(samples.on, q), 3)}`);
    log(
      `GET ${'/contracts/:id'} one at a time: median ${fmt(off, 3)} ms without recording, ${fmt(on, 3)} ms with (+${pct(on / off - 1)}); p99 ${fmt(quantile(samples.off, 0.99), 2)} / ${fmt(quantile(samples.on, 0.99), 2)} ms; ${fmt(samples.on.length)} each`,
    );
    record('access: median GET /contracts/:id, no recording (ms)', 'baseline', dialect, fmt(off, 3));
    record('access: median GET /contracts/:id, recording (ms)', 'information', dialect, fmt(on, 3));
    record(
      'access: added median latency',
      `< ${pct(TARGETS.accessOverhead)}`,
      dialect,
      `+${pct(on / off - 1)}`,
      on / off - 1 < TARGETS.accessOverhead,
    );
    log(
      `a durable commit of one small row on its own: median ${fmt(median(commits), 3)} ms (the floor of recording before answering)`,
    );
    record('access: durable commit of one small row (ms)', 'information', dialect, fmt(median(commits), 3));

    // Under load: autocannon from a worker thread, off then on.
    const load: Record<'on' | 'off', Result> = {} as never;
    for (const k of ['off', 'on'] as const) {
      const opts = {
        url: `http://127.0.0.1:${ports[k]}${page}`,
        connections: CONNECTIONS,
        workers: 1,
        headers: { cookie },
      };
      await autocannon({ ...opts, duration: 1 });
      load[k] = await autocannon({ ...opts, duration: DURATION });
      if (load[k].non2xx || load[k].errors || load[k].timeouts)
        throw new Error(
          `load run (${k}): ${load[k].non2xx} non-2xx, ${load[k].errors} errors, ${load[k].timeouts} timeouts`,
        );
    }
    log(
      `under load (${CONNECTIONS} connections, ${DURATION} s): ${fmt(load.off.requests.average)} → ${fmt(load.on.requests.average)} req/s, p50 ${fmt(load.off.latency.p50, 1)} → ${fmt(load.on.latency.p50, 1)} ms`,
    );
    record(
      `access: under load, ${CONNECTIONS} conns, req/s off → on`,
      'information',
      dialect,
      `${fmt(load.off.requests.average)} → ${fmt(load.on.requests.average)}`,
    );
    record(
      `access: under load, ${CONNECTIONS} conns, p50 ms off → on`,
      'information',
      dialect,
      `${fmt(load.off.latency.p50, 1)} → ${fmt(load.on.latency.p50, 1)}`,
    );
  } finally {
    agent.destroy();
    await apps.on.app.close();
    await apps.off.app.close();
    await bdb.close();
  }
}

// ---------------------------------------------------------------- main

async function run(dialect: Dialect) {
  console.log(`\n${NAMES[dialect]}`);
  if (PARTS.has('append') || PARTS.has('verify') || PARTS.has('proof')) {
    const bdb = await openDatabase(dialect);
    log(bdb.handle.describe.replace(/\/\/[^@]*@/, '//***@'));
    try {
      const tree = await benchAppend(dialect, bdb);
      if (PARTS.has('verify')) await benchVerify(dialect, bdb, tree);
      if (PARTS.has('proof')) await benchProofs(dialect, bdb, tree);
    } finally {
      await bdb.close();
    }
  }
  if (PARTS.has('http')) await benchAccess(dialect);
}

async function main(): Promise<void> {
  const limit = 600_000;
  setTimeout(() => {
    console.error(`bench:audit did not finish within ${limit / 1000} s`);
    process.exit(2);
  }, limit).unref();
  console.log(
    `Custodian audit log bench — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${os.platform()} ${os.release()}`,
  );
  console.log(
    `${fmt(EVENTS)} events in batches of ${fmt(BATCH)}; proofs at ${fmt(PROOF_SIZE)} leaves; parts: ${[...PARTS].join(', ')}`,
  );
  const dialects: Dialect[] = [];
  for (const d of args.dialects.split(',') as Dialect[]) {
    if (d === 'postgres' && !(await postgresReachable())) {
      console.warn(
        `\nWARNING: PostgreSQL at ${TEST_PG_URL.replace(/\/\/[^@]*@/, '//***@')} is not reachable: PostgreSQL skipped`,
      );
      continue;
    }
    dialects.push(d);
  }
  for (const d of dialects) await run(d);
  console.log(`\n${table(dialects)}`);
  const missed = lines.flatMap((l) =>
    dialects.filter((d) => l.values[d]?.ok === false).map((d) => `${l.measure} (${NAMES[d]})`),
  );
  console.log(missed.length ? `\nMISS: ${missed.join('; ')}` : '\nAll targets met.');
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error('bench:audit failed:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
