/**
 * The Agency Staff register's CSV import at scale (issue 16): an HR export of 10,000 people read,
 * previewed and applied (one transaction, one audit event per person plus the summary), then the
 * same file again with a tenth of the people changed, then a 50,000-row file previewed and
 * applied; and, as a baseline in the same run, the same 10,000 rows inserted raw (bulk insert, no
 * audit). Then the register's list of 10,000 people read 20 times (p50, p95). On SQLite and, when it
 * answers, PostgreSQL (TEST_PG_URL).
 *
 *   npm run bench:personnel
 *   npm run bench:personnel -- --people 10000 --big 50000 --dialect sqlite
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { bulkInsert } from '../src/platform/db/index.ts';
import { iso, newId, systemActor, systemClock, type Actor } from '../src/platform/kernel/index.ts';
import { createTestDatabase, probePostgres, type DialectUnderTest } from '../test/support/databases.ts';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '10000' },
    big: { type: 'string', default: '50000' },
    dialect: { type: 'string', default: 'all' },
  },
});
const PEOPLE = Math.max(1, Number(args.people));
const BIG = Math.max(0, Number(args.big));
const actor = systemActor('bench');

const DATES = ['2026-03-01', '01/03/2026', '1/3/2026', '1 March 2026'];
/** An HR export of `n` people: every fifth with a Subcontractor, every tenth leaving; `changed` of them with a new title. */
function hrExport(n: number, changed = 0): Buffer {
  const lines = ['Employee number,First name,Surname,Work email,Company,Job title,Hire date,Termination date'];
  for (let i = 0; i < n; i++) {
    const title = i < changed ? 'Senior engineer' : 'Engineer';
    const company = i % 5 === 0 ? 'Acme Cloud Ltd' : 'Bench Agency Ltd';
    const end = i % 10 === 0 ? '31/12/2026' : '';
    lines.push(`E${i},Person,Number ${i},person.${i}@agency.example,${company},${title},${DATES[i % 4]},${end}`);
  }
  return Buffer.from(lines.join('\r\n'));
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
}
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]!;

async function run(dialect: DialectUnderTest): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-bench-'));
  const db = await createTestDatabase(dialect);
  const config = loadConfig({
    CUSTODIAN_DATA_DIR: dataDir,
    CUSTODIAN_PUBLIC_URL: 'http://127.0.0.1',
    CUSTODIAN_LOG_LEVEL: 'silent',
  });
  const { app, services } = await buildApp({ config, db, clock: systemClock, logger: false });
  try {
    const agency = await services.organisations.create(actor, { name: 'Bench Agency Ltd', kind: 'agency' });
    const client = await services.organisations.create(actor, { name: 'Department for Benchmarks', kind: 'client' });
    const contract = (n: number) =>
      services.contracts.create(actor, {
        orderReference: `BENCH-P${n}`,
        title: 'Benchmark service',
        startDate: '2026-12-01',
        agencyOrganisationId: agency.id,
        clientOrganisationId: client.id,
        securityPolicyApplies: 'no',
        oversightMayEnforce: 'no',
      });
    const imports = services.personnel.imports;
    const importFile = async (who: Actor, contractId: string, bytes: Buffer, label: string) => {
      const [staged, previewMs] = await timed(() => imports.preview(who, contractId, { fileName: 'hr.csv', bytes }));
      if (staged.preview.errors.length || staged.preview.fileErrors.length)
        throw new Error(`${label}: the bench file has errors: ${JSON.stringify(staged.preview.errors.slice(0, 3))}`);
      const [done, applyMs] = await timed(() => imports.apply(who, contractId, staged.id));
      console.log(
        `  ${label.padEnd(34)} preview ${fmt(previewMs).padStart(6)} ms   apply ${fmt(applyMs).padStart(6)} ms   ` +
          `(${done.added} added, ${done.changed} changed, ${done.unchanged} unchanged; ${fmt((PEOPLE * 1000) / (previewMs + applyMs))} rows/s)`,
      );
      return applyMs;
    };

    console.log(`${dialect}: ${fmt(PEOPLE)} people`);
    const c1 = await contract(1);
    const applyMs = await importFile(actor, c1.id, hrExport(PEOPLE), 'new register from CSV');
    await importFile(actor, c1.id, hrExport(PEOPLE, Math.round(PEOPLE / 10)), 'same file, a tenth changed');

    // The baseline: the same rows inserted raw, no preview, no audit, in one transaction.
    const c2 = await contract(2);
    const at = iso(new Date());
    const rows = Array.from({ length: PEOPLE }, (_, i) => ({
      id: newId(),
      contract_id: c2.id,
      name: `Person Number ${i}`,
      name_key: `person number ${i}`,
      subcontractor: i % 5 === 0 ? 'Acme Cloud Ltd' : null,
      email: `person.${i}@agency.example`,
      job_title: 'Engineer',
      start_date: '2026-03-01',
      end_date: i % 10 === 0 ? '2026-12-31' : null,
      leaving: 0,
      user_id: null,
      external_id: `E${i}`,
      created_at: at,
      created_by: 'bench',
      updated_at: at,
      updated_by: 'bench',
    }));
    const [, rawMs] = await timed(() =>
      bulkInsert(db.uow, 'personnel_people', Object.keys(rows[0]!) as (keyof (typeof rows)[number])[], rows),
    );
    console.log(
      `  raw insert of the same rows (baseline) ${fmt(rawMs).padStart(6)} ms   apply took ${fmt(applyMs / rawMs, 1)}× the raw insert`,
    );

    const reads: number[] = [];
    for (let i = 0; i < 20; i++) reads.push((await timed(() => services.personnel.list(c1.id)))[1]);
    console.log(
      `  list of ${fmt(PEOPLE)} people with check status  p50 ${fmt(percentile(reads, 50))} ms   p95 ${fmt(percentile(reads, 95))} ms`,
    );

    if (BIG) {
      const c3 = await contract(3);
      const bytes = hrExport(BIG);
      const [staged, previewMs] = await timed(() => imports.preview(actor, c3.id, { fileName: 'big.csv', bytes }));
      const [, applyBigMs] = await timed(() => imports.apply(actor, c3.id, staged.id));
      console.log(
        `  ${fmt(BIG)} rows (${fmt(bytes.length / 1024 / 1024, 1)} MB)`.padEnd(36) +
          ` preview ${fmt(previewMs).padStart(6)} ms   apply ${fmt(applyBigMs).padStart(6)} ms`,
      );
    }
  } finally {
    await app.close();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const dialects: DialectUnderTest[] =
  args.dialect === 'all'
    ? ['sqlite', ...((await probePostgres()) ? ['postgres' as const] : [])]
    : [args.dialect as DialectUnderTest];
for (const d of dialects) await run(d);
