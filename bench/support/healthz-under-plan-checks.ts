/**
 * bench:smp's second case: the p99 of /healthz while ten people each ask for the plan health of a
 * different 2.4 MB plan (six 400 KB sections, within the 500 KB limit) at the same moment, against
 * /healthz with nothing else running, measured in the same run on the same server.
 *
 * The server is the real app (buildApp, the SQLite file the production default opens, the worker
 * pool sized from the default config) listening on loopback; the checks are asked for through the
 * real API (GET /api/v1/contracts/:id/smp/versions/:id, which returns the plan health). The load and
 * the probes come from another thread (load-client.mjs), so the server's thread does nothing else.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildApp, MIGRATION_FOLDERS } from '../../src/app.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createDb } from '../../src/platform/db/index.ts';
import { systemActor, systemClock } from '../../src/platform/kernel/index.ts';
import { planWriter } from './plan-text.ts';

export const TARGET_P99_MS = 50;
const PLANS = 10;
const SECTION_BYTES = 400 * 1024;
const SECTIONS = 6;

interface LoadResult {
  baseline: number[];
  loaded: number[];
  heavy: { status: number; outcome: string; ms: number; bytes: number }[];
}

/** Ten contracts, each with a draft of six 400 KB sections written from its own seed, and a token to read it. */
async function seedPlans(services: Awaited<ReturnType<typeof buildApp>>['services'], seed: number) {
  const actor = systemActor('bench');
  const agency = await services.organisations.create(actor, { name: 'Bench Agency Ltd', kind: 'agency' });
  const client = await services.organisations.create(actor, { name: 'Department for Benchmarks', kind: 'client' });
  const { user } = await services.users.create(actor, {
    email: 'admin@agency.example',
    displayName: 'Bench Admin',
    organisationId: agency.id,
    isSystemAdmin: 'yes',
  });
  const admin = { type: 'user' as const, userId: user.id, organisationId: agency.id, privileged: true };
  const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const requests = [];
  let bytes = 0;
  for (let i = 0; i < PLANS; i++) {
    const contract = await services.contracts.create(actor, {
      orderReference: `BENCH-${i + 1}`,
      title: `Benchmark service ${i + 1}`,
      startDate: '2026-12-01',
      agencyOrganisationId: agency.id,
      clientOrganisationId: client.id,
      securityPolicyApplies: 'no',
      oversightMayEnforce: 'no',
    });
    const draft = await services.smp.draft(admin, contract.id);
    const writer = planWriter(seed + i);
    const sections = draft.content.sections.map((s, n) =>
      n < SECTIONS ? { ...s, markdown: writer.sectionOfBytes(SECTION_BYTES) } : s,
    );
    bytes += sections.reduce((sum, s) => sum + Buffer.byteLength(s.markdown), 0);
    await services.smp.replaceContent(admin, contract.id, draft.id, { ...draft.content, sections }, {});
    const { secret } = await services.apiTokens.create(admin, {
      name: 'bench reader',
      contractId: contract.id,
      role: 'agency-security-manager',
      expiresOn,
    });
    requests.push({
      url: `/api/v1/contracts/${contract.id}/smp/versions/${draft.id}`,
      headers: { authorization: `Bearer ${secret}` },
    });
  }
  return { requests, meanPlanBytes: bytes / PLANS };
}

function runLoad(workerData: object): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-client.mjs', import.meta.url), { workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`the load client stopped with exit code ${code}`)));
  });
}

/** Runs the case and prints its figures; returns whether the p99 under load met the target. */
export async function healthzUnderPlanChecks(opts: {
  seed: number;
  percentile: (xs: number[], p: number) => number;
  fmt: (n: number, digits?: number) => string;
}): Promise<boolean> {
  const { percentile, fmt } = opts;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-bench-smp-'));
  const db = createDb(undefined, dataDir, { migrationFolders: MIGRATION_FOLDERS });
  await db.migrations.toLatest();
  const config = loadConfig({
    CUSTODIAN_DATA_DIR: dataDir,
    CUSTODIAN_PUBLIC_URL: 'http://127.0.0.1',
    CUSTODIAN_LOG_LEVEL: 'silent',
  });
  const { app, services, workers } = await buildApp({ config, db, clock: systemClock, logger: false });
  try {
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const { requests, meanPlanBytes } = await seedPlans(services, opts.seed);
    const { threads, queue, timeoutMs } = workers.settings;
    console.log(
      `\n/healthz during ${PLANS} concurrent plan checks of ${fmt(meanPlanBytes / 1e6, 2)} MB plans (${SECTIONS} × ${SECTION_BYTES / 1024} KB sections), through GET /api/v1/…/smp/versions/:id`,
    );
    console.log(
      `Worker pool (default config): ${threads} ${threads === 1 ? 'thread' : 'threads'}, queue ${queue}, time limit ${timeoutMs / 1000} s; SQLite`,
    );
    const r = await runLoad({ baseUrl, baselineProbes: 1000, heavy: requests });
    const counts = new Map<string, number>();
    for (const h of r.heavy) counts.set(`${h.status} ${h.outcome}`, (counts.get(`${h.status} ${h.outcome}`) ?? 0) + 1);
    const base = percentile(r.baseline, 99);
    const loaded = percentile(r.loaded, 99);
    const header = ['/healthz', 'probes', 'median ms', 'p99 ms', 'max ms', `over ${TARGET_P99_MS} ms`];
    const rows = [
      ['no load (baseline)', r.baseline],
      [`during ${PLANS} plan checks`, r.loaded],
    ] as const;
    const cells = rows.map(([name, xs]) => [
      name,
      String(xs.length),
      fmt(percentile(xs, 50), 1),
      fmt(percentile(xs, 99), 1),
      fmt(Math.max(...xs), 1),
      String(xs.filter((x) => x >= TARGET_P99_MS).length),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    for (const c of [header, ...cells])
      console.log(c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  '));
    console.log(
      `The ${PLANS} requests: ${[...counts].map(([k, n]) => `${n} × ${k}`).join(', ')}; the last answered after ${fmt(Math.max(...r.heavy.map((h) => h.ms)) / 1000, 1)} s`,
    );
    const pass = loaded < TARGET_P99_MS;
    console.log(
      `\n${pass ? 'PASS' : 'FAIL'}: p99 of /healthz during ${PLANS} concurrent 2.4 MB plan checks is ${fmt(loaded, 1)} ms (target under ${TARGET_P99_MS} ms; ${fmt(base, 1)} ms with no load, ${fmt(loaded / base, 1)}× baseline)`,
    );
    return pass;
  } finally {
    await app.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
