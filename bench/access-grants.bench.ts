/**
 * Access grants at scale (issue 16): 50,000 grants imported from an IAM export's CSV (10,000
 * people × 5 systems: preview, then apply in one transaction with an audit event per grant); then a
 * staff CSV import that makes 1,000 of those people leavers at once, so the import starts one
 * revocation clock per grant (5,000 clocks), measured against the same import on a contract whose
 * people hold no access, and against inserting the same clock and revocation rows raw (bulk insert,
 * no audit) in the same run. On SQLite and, when it answers, PostgreSQL (TEST_PG_URL).
 *
 *   npm run bench:personnel
 *   node --import tsx bench/access-grants.bench.ts --dialect sqlite --people 10000 --leavers 1000
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { bulkInsert } from '../src/platform/db/index.ts';
import { civilDateInLondon } from '../src/platform/calendar/index.ts';
import { iso, newId, systemActor, systemClock } from '../src/platform/kernel/index.ts';
import { createTestDatabase, probePostgres, type DialectUnderTest } from '../test/support/databases.ts';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '10000' },
    leavers: { type: 'string', default: '1000' },
    dialect: { type: 'string', default: 'all' },
  },
  strict: false,
});
const PEOPLE = Math.max(10, Number(args.people));
const LEAVERS = Math.min(PEOPLE, Math.max(1, Number(args.leavers)));
const SYSTEMS = ['CRM', 'Data warehouse', 'Key vault', 'Case management', 'Admin portal'];
const actor = systemActor('bench');
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
}

/** An HR export of the people; the first `leaving` of them with an end date of `end`. */
function hrExport(leaving = 0, end = ''): Buffer {
  const lines = ['Employee number,Full name,Work email,Job title,Start date,End date'];
  for (let i = 0; i < PEOPLE; i++)
    lines.push(`E${i},Person ${i},person.${i}@agency.example,Engineer,2026-03-01,${i < leaving ? end : ''}`);
  return Buffer.from(lines.join('\r\n'));
}
/** An IAM export: every person on every system. */
function iamExport(): Buffer {
  const lines = ['Employee ID,Application,Access level,Business justification,Granted date'];
  for (let i = 0; i < PEOPLE; i++)
    SYSTEMS.forEach((s, j) =>
      lines.push(`E${i},${s},${j === 4 ? 'administrator' : 'standard'},Their daily work,01/04/2026`),
    );
  return Buffer.from(lines.join('\r\n'));
}

async function run(dialect: DialectUnderTest): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-bench-'));
  const db = await createTestDatabase(dialect);
  const config = loadConfig({
    CUSTODIAN_DATA_DIR: dataDir,
    CUSTODIAN_PUBLIC_URL: 'http://127.0.0.1',
    CUSTODIAN_LOG_LEVEL: 'silent',
  });
  const { app, services: s } = await buildApp({ config, db, clock: systemClock, logger: false });
  try {
    const agency = await s.organisations.create(actor, { name: 'Bench Agency Ltd', kind: 'agency' });
    const client = await s.organisations.create(actor, { name: 'Department for Benchmarks', kind: 'client' });
    const today = civilDateInLondon(new Date());
    // Leavers whose end date was yesterday: their end date has arrived, so the import starts the clocks.
    const yesterday = civilDateInLondon(new Date(Date.now() - 86_400_000));
    const contract = async (n: number, withAccess: boolean) => {
      const c = await s.contracts.create(actor, {
        orderReference: `BENCH-A${n}`,
        title: 'Benchmark service',
        startDate: '2026-01-05',
        agencyOrganisationId: agency.id,
        clientOrganisationId: client.id,
        securityPolicyApplies: 'no',
        oversightMayEnforce: 'no',
      });
      const staged = await s.personnel.imports.preview(actor, c.id, { fileName: 'hr.csv', bytes: hrExport() });
      await s.personnel.imports.apply(actor, c.id, staged.id);
      if (!withAccess) return c;
      for (const name of SYSTEMS)
        await s.systems.create(actor, c.id, {
          name,
          owner: 'IT',
          hosting: 'AWS London',
          holdsGovernmentData: 'yes',
          privileged: 'yes',
          clearance: 'none',
          notes: '',
        });
      // Set-up, not measured: every person's pre-employment checks passed, inserted raw.
      const at = iso(new Date());
      const checks = (await s.personnel.list(c.id)).flatMap((p) =>
        ['identity', 'criminal-record', 'right-to-work'].map((kind) => ({
          id: newId(),
          contract_id: c.id,
          person_id: p.id,
          kind,
          outcome: 'passed',
          checked_on: '2026-02-01',
          checked_by: 'HR',
          method: kind === 'criminal-record' ? 'basic-dbs' : 'Seen',
          evidence_ref: 'HR file',
          recorded_at: at,
          recorded_by: 'bench',
        })),
      );
      await bulkInsert(
        db.uow,
        'personnel_checks',
        Object.keys(checks[0]!) as (keyof (typeof checks)[number])[],
        checks,
      );
      return c;
    };

    console.log(`${dialect}: ${fmt(PEOPLE)} people, ${fmt(PEOPLE * SYSTEMS.length)} grants, ${fmt(LEAVERS)} leavers`);
    const c1 = await contract(1, true);
    const bytes = iamExport();
    const [staged, previewMs] = await timed(() =>
      s.accessGrants.imports.preview(actor, c1.id, { fileName: 'iam.csv', bytes }),
    );
    if (staged.preview.errors.length || staged.preview.fileErrors.length)
      throw new Error(
        `the bench file has errors: ${JSON.stringify([...staged.preview.fileErrors, ...staged.preview.errors.slice(0, 3)])}`,
      );
    const [done, applyMs] = await timed(() => s.accessGrants.imports.apply(actor, c1.id, staged.id));
    console.log(
      `  ${fmt(done.added)} grants from CSV (${fmt(bytes.length / 1024 / 1024, 1)} MB)   preview ${fmt(previewMs)} ms   apply ${fmt(applyMs)} ms   (${fmt((done.added * 1000) / (previewMs + applyMs))} grants/s)`,
    );

    // The same leavers' import on a contract whose people hold no access: what the import costs without clocks.
    const c2 = await contract(2, false);
    const leaversFile = hrExport(LEAVERS, yesterday);
    const s2 = await s.personnel.imports.preview(actor, c2.id, { fileName: 'hr.csv', bytes: leaversFile });
    const [, plainMs] = await timed(() => s.personnel.imports.apply(actor, c2.id, s2.id));
    const s1 = await s.personnel.imports.preview(actor, c1.id, { fileName: 'hr.csv', bytes: leaversFile });
    const [, leaversMs] = await timed(() => s.personnel.imports.apply(actor, c1.id, s1.id));
    const rows = await db.uow
      .tables<any>()()
      .selectFrom('access_revocations')
      .selectAll()
      .where('contract_id', '=', c1.id)
      .execute();
    const deadlines = await db.uow
      .tables<any>()()
      .selectFrom('deadlines')
      .selectAll()
      .where('contract_id', '=', c1.id)
      .where('kind', '=', 'access.revocation')
      .execute();
    const clocksMs = leaversMs - plainMs;
    console.log(
      `  ${fmt(LEAVERS)} leavers in one staff import: apply ${fmt(leaversMs)} ms with ${fmt(rows.length)} revocation clocks (due ${deadlines[0]?.due_date ?? '?'}, today ${today}); the same import with no access ${fmt(plainMs)} ms; the clocks took ${fmt(clocksMs)} ms`,
    );

    // The baseline: the same clock and revocation rows inserted raw (new ids), in one transaction, no audit.
    await db.uow.tables<any>()().deleteFrom('access_revocations').where('contract_id', '=', c1.id).execute();
    const ids = new Map<string, string>(deadlines.map((d) => [String(d.id), newId()]));
    const rawDeadlines: Record<string, unknown>[] = deadlines.map((d) => ({ ...d, id: ids.get(String(d.id)) }));
    const rawRevocations: Record<string, unknown>[] = rows.map((r) => ({
      ...r,
      deadline_id: ids.get(String(r.deadline_id)),
    }));
    const [, rawMs] = await timed(() =>
      db.uow.transaction(async () => {
        await bulkInsert(db.uow, 'deadlines', Object.keys(rawDeadlines[0]!), rawDeadlines);
        await bulkInsert(db.uow, 'access_revocations', Object.keys(rawRevocations[0]!), rawRevocations);
      }),
    );
    console.log(
      `  raw insert of the same ${fmt(rows.length)} clock and revocation rows ${fmt(rawMs)} ms   clocks at ${fmt((100 * rawMs) / clocksMs)}% of raw speed (target ≥ 30%); the whole import at ${fmt((100 * rawMs) / leaversMs)}%`,
    );
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
