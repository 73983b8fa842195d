/**
 * HTTP throughput and latency of Custodian's pages, against /healthz measured in the same run.
 *
 *   npm run bench:http                      SQLite (a fresh file in a temp directory)
 *   npm run bench:http -- --pg              SQLite, then PostgreSQL (TEST_PG_URL or the local server)
 *   npm run bench:http -- --duration 5 --connections 20
 *
 * The app runs in this process (buildApp + listen on 127.0.0.1:0) with logging off; autocannon fires
 * from a worker thread so load generation does not share the server's event loop. Any non-2xx
 * response, socket error or timeout fails the run (exit code 1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { buildApp, MIGRATION_FOLDERS } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { createDb, type DbHandle } from '../src/platform/db/index.ts';
import { systemClock } from '../src/platform/kernel/index.ts';
import { createTestDatabase, TEST_PG_URL } from '../test/support/databases.ts';
import { seedContracts, signIn } from './support/seed.ts';

const { values: args } = parseArgs({
  options: {
    pg: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const WARMUP = Number(args.warmup);

type Dialect = 'sqlite' | 'postgres';
interface Route {
  name: string;
  path: string;
  headers?: Record<string, string>;
}
interface Row {
  route: Route;
  result: Result;
}

/** Custodian on a fresh database, listening on a random loopback port. */
async function start(dialect: Dialect) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-bench-'));
  let db: DbHandle;
  let dropDb = async () => {};
  if (dialect === 'sqlite') {
    // The production default: a WAL SQLite file in the data directory.
    db = createDb(undefined, dataDir, { migrationFolders: MIGRATION_FOLDERS });
    await db.migrations.toLatest();
  } else {
    const created = await createTestDatabase('postgres'); // a throwaway database, migrated
    db = created;
    dropDb = () => created.drop();
  }
  const config = loadConfig({
    CUSTODIAN_DATA_DIR: dataDir,
    CUSTODIAN_PUBLIC_URL: 'http://127.0.0.1',
    CUSTODIAN_LOG_LEVEL: 'silent',
  });
  const { app, services } = await buildApp({ config, db, clock: systemClock, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    services,
    describe: db.describe.replace(/\/\/[^@]*@/, '//***@'),
    async stop() {
      await app.close();
      if (dialect === 'sqlite') await db.close();
      else await dropDb();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function measure(baseUrl: string, route: Route): Promise<Result> {
  const opts = { url: `${baseUrl}${route.path}`, connections: CONNECTIONS, workers: 1, headers: route.headers ?? {} };
  if (WARMUP > 0) await autocannon({ ...opts, duration: WARMUP });
  return autocannon({ ...opts, duration: DURATION });
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (a: number, b: number) => (b > 0 ? `${fmt(a / b, 2)}×` : 'n/a');

function table(rows: Row[]): string {
  const base = rows[0]!.result;
  const header = [
    'route',
    'req/s',
    'p50 ms',
    'p99 ms',
    'req/s vs base',
    'p50 vs base',
    'p99 vs base',
    'requests',
    'non-2xx',
    'errors',
  ];
  const body = rows.map(({ route, result: r }) => [
    route.name,
    fmt(r.requests.average),
    fmt(r.latency.p50, 1),
    fmt(r.latency.p99, 1),
    ratio(r.requests.average, base.requests.average),
    ratio(r.latency.p50, base.latency.p50),
    ratio(r.latency.p99, base.latency.p99),
    fmt(r.requests.total),
    fmt(r.non2xx),
    fmt(r.errors + r.timeouts),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function run(dialect: Dialect): Promise<boolean> {
  const instance = await start(dialect);
  try {
    const { rep, contract } = await seedContracts(instance.services);
    const cookie = await signIn(instance.baseUrl, rep.email, contract.id);
    const routes: Route[] = [
      { name: 'GET /healthz (baseline)', path: '/healthz' },
      { name: 'GET /sign-in (anonymous)', path: '/sign-in' },
      { name: 'GET /contracts/:id (signed in)', path: `/contracts/${contract.id}`, headers: { cookie } },
    ];
    console.log(
      `\n${instance.describe}: ${CONNECTIONS} connections, ${DURATION} s per route after a ${WARMUP} s warm-up`,
    );
    const rows: Row[] = [];
    for (const route of routes) {
      process.stdout.write(`  measuring ${route.name} … `);
      const result = await measure(instance.baseUrl, route);
      console.log(`${fmt(result.requests.average)} req/s`);
      rows.push({ route, result });
    }
    console.log(`\n${table(rows)}`);
    const bad = rows.filter(({ result: r }) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0);
    for (const { route, result: r } of bad) {
      console.error(
        `FAIL ${route.name}: ${r.non2xx} non-2xx (3xx ${r['3xx']}, 4xx ${r['4xx']}, 5xx ${r['5xx']}), ${r.errors} errors, ${r.timeouts} timeouts`,
      );
    }
    return bad.length === 0;
  } finally {
    await instance.stop();
  }
}

async function main(): Promise<void> {
  const dialects: Dialect[] = args.pg ? ['sqlite', 'postgres'] : ['sqlite'];
  // Whatever happens, the bench ends: each route takes warm-up + duration, plus time to seed.
  const limit = (dialects.length * 3 * (WARMUP + DURATION) + 120) * 1000;
  setTimeout(() => {
    console.error(`bench:http did not finish within ${limit / 1000} s`);
    process.exit(2);
  }, limit).unref();

  console.log(
    `Custodian HTTP bench — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${os.platform()} ${os.release()}`,
  );
  if (args.pg) console.log(`PostgreSQL: ${TEST_PG_URL.replace(/\/\/[^@]*@/, '//***@')}`);
  let ok = true;
  for (const dialect of dialects) ok = (await run(dialect)) && ok;
  console.log(ok ? '\nAll routes answered 2xx only.' : '\nFAILED: some responses were not 2xx (see above).');
  process.exit(ok ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error('bench:http failed:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
