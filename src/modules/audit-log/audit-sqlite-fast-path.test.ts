import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sqliteStatements, type AuditEventsTable } from '../../platform/db/index.ts';
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
    await fast.db.transaction().execute(async (trx) => {
      expect(sqliteStatements(trx)).toBeDefined(); // in a transaction: the prepared statement
      await auditRepository.insertMany(trx, rows);
    });
    await auditRepository.insertMany(kysely.db, rows); // outside one: Kysely's multi-row VALUES
    const [a, b] = [await stored(fast), await stored(kysely)];
    expect(a).toHaveLength(rows.length);
    expect(a).toEqual(b);
    const read = await fast.db.transaction().execute((trx) => auditRepository.range(trx, 0, rows.length, rows.length));
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
      fast.db.transaction().execute(async (trx) => {
        await auditRepository.insertMany(trx, [extra]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await stored(fast)).toEqual(before);
  });

  it('keeps the append-only triggers: the raw connection cannot edit an event either', async () => {
    await fast.db.transaction().execute((trx) => auditRepository.insertMany(trx, rows)); // event 0 to edit
    await expect(
      fast.db
        .transaction()
        .execute(async (trx) =>
          sqliteStatements(trx)!.runEach(`update audit_events set event = 'x' where seq = 0`, [[]]),
        ),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses to run outside a transaction, or after it ended', async () => {
    expect(() => sqliteStatements(fast.db)).toThrow(/open transaction/);
    let escaped: ReturnType<typeof sqliteStatements>;
    await fast.db.transaction().execute(async (trx) => {
      escaped = sqliteStatements(trx);
    });
    expect(() => escaped!.runEach('select 1', [[]])).toThrow(/after its transaction ended/);
  });
});

for (const dialect of (await dialectsUnderTest()).filter((d) => d === 'postgres')) {
  describe(`sqliteStatements (${dialect})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(dialect, { migrate: false });
    });
    afterAll(async () => db?.drop());
    it('is undefined: PostgreSQL keeps its own insert path', async () => {
      await db.db.transaction().execute(async (trx) => expect(sqliteStatements(trx)).toBeUndefined());
    });
  });
}
