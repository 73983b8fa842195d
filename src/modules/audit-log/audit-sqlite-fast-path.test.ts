import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sqliteStatement } from '../../platform/db/portable/sqlite-statements.ts';
import { transactionConnection } from '../../platform/db/unit-of-work.ts';
import type { AuditEventsTable } from './audit-log.tables.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../../test/support/databases.ts';
import { buildAuditRow, leafHashHex, type AuditEventInput } from './audit-event.ts';
import { auditRepository } from './audit-log.repository.ts';
import { canonicalJson } from './canonical-json.ts';

// Every actor kind, null and non-null optional columns, escapes and non-ASCII text.
const inputs: AuditEventInput[] = [
  {
    actor: {
      type: 'user',
      userId: 'u1',
      organisationId: 'o1',
      privileged: true,
      request: { requestId: 'r1', sourceAddress: '192.0.2.1', userAgent: 'UA "quoted" \\ é' },
    },
    action: 'contract.update',
    contractId: 'c1',
    resource: { type: 'contract', id: 'c1' },
    details: { before: { title: 'Ünïcode ✓ 😀' }, after: { title: 'line\nbreak' } },
  },
  { actor: { type: 'system', name: 'retention' }, action: 'audit.purge', details: { to: 0, n: 1.5 } },
  {
    actor: { type: 'anonymous', request: { requestId: 'r2', sourceAddress: '', userAgent: undefined } },
    action: 'auth.sign-in',
    outcome: 'failure',
  },
  {
    actor: {
      type: 'token',
      tokenId: 't1',
      contractId: 'c2',
      role: 'reader',
      request: { requestId: 'r3', sourceAddress: '2001:db8::1', userAgent: undefined },
    },
    action: 'http.request',
    contractId: 'c2',
    outcome: 'denied',
    http: { method: 'GET', path: '/api/v1/contracts/c2', status: 403 },
  },
];
const rows: AuditEventsTable[] = inputs.map((e, i) => buildAuditRow(e, i, `id-${i}`, '2026-12-01T10:00:00.000Z'));

/** The better-sqlite3 connection under the transaction open now. */
function sqliteOf(db: TestDatabase) {
  const raw = transactionConnection(db.uow);
  if (raw?.dialect !== 'sqlite') throw new Error('not in a SQLite transaction');
  return raw.database;
}

/** Every column of every row as SQLite's quote() writes it: type and bytes, not just the JS value. */
async function stored(db: TestDatabase): Promise<string[]> {
  const cols = Object.keys(rows[0]!)
    .map((c) => `quote(${c})`)
    .join(` || '|' || `);
  return (
    await sql<{ r: string }>`select ${sql.raw(cols)} as r from audit_events order by seq`.execute(db.db)
  ).rows.map((x) => x.r);
}

describe('audit rows through the SQLite prepared-statement path', () => {
  let fast: TestDatabase;
  let kysely: TestDatabase;
  // Each test has its own two empty databases.
  beforeEach(async () => {
    [fast, kysely] = await Promise.all([createTestDatabase('sqlite'), createTestDatabase('sqlite')]);
  });
  afterEach(async () => Promise.all([fast?.drop(), kysely?.drop()]));

  it('writes rows byte-identical to the Kysely path: same canonical event, leaf hash and columns', async () => {
    await auditRepository(fast.uow).insertMany(rows); // a transaction of its own: the prepared statement
    await kysely.db.insertInto('audit_events').values(rows).execute(); // Kysely's multi-row VALUES
    const [a, b] = [await stored(fast), await stored(kysely)];
    expect(a).toHaveLength(rows.length);
    expect(a).toEqual(b);
    const read = await fast.uow.transaction(() => auditRepository(fast.uow).range(0, rows.length, rows.length));
    for (const [i, r] of read.entries()) {
      expect(r).toEqual({ seq: i, event: rows[i]!.event, leaf_hash: rows[i]!.leaf_hash });
      expect(canonicalJson(JSON.parse(r.event))).toBe(r.event);
      expect(leafHashHex(r.event)).toBe(r.leaf_hash);
    }
  });

  it('inserts inside the caller’s transaction: a rollback takes the rows with it', async () => {
    const before = await stored(fast);
    const extra = buildAuditRow(inputs[0]!, rows.length, 'id-extra', '2026-12-01T10:00:00.000Z');
    await expect(
      fast.uow.transaction(async () => {
        await auditRepository(fast.uow).insertMany([extra]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await stored(fast)).toEqual(before);
  });

  it('keeps the append-only triggers: the raw connection cannot edit an event either', async () => {
    await auditRepository(fast.uow).insertMany(rows); // event 0 to edit
    await expect(
      fast.uow.transaction(async () =>
        sqliteStatement(sqliteOf(fast), `update audit_events set event = 'x' where seq = 0`).run([]),
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses to run outside a transaction, or after it ended', async () => {
    const database = await fast.uow.transaction(async () => sqliteOf(fast));
    expect(() => sqliteStatement(database, 'select 1')).toThrow(/open transaction/);
    let escaped: ReturnType<typeof sqliteStatement>;
    await fast.uow.transaction(async () => {
      escaped = sqliteStatement(sqliteOf(fast), 'select 1');
    });
    expect(() => escaped!.run([])).toThrow(/after its transaction ended/);
  });
});

for (const dialect of (await dialectsUnderTest()).filter((d) => d === 'postgres')) {
  describe(`the raw connection of a transaction (${dialect})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(dialect, { migrate: false });
    });
    afterAll(async () => db?.drop());
    it('is PostgreSQL’s: the audit append takes its own path (COPY) there', async () => {
      await db.uow.transaction(async () => expect(transactionConnection(db.uow)?.dialect).toBe('postgres'));
    });
  });
}
