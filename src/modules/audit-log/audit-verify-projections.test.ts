import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropAppendOnly } from '../../platform/db/index.ts';
import { ManualClock, newId } from '../../platform/kernel/index.ts';
import { parseVerifierKey } from '../../platform/signed-note/index.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../../test/support/databases.ts';
import { auditIndexRepository } from './audit-index.repository.ts';
import type { AuditEventsTable } from './audit-log.tables.ts';
import { auditSigner, createAuditLog, createAuditTreeService, verifyAuditLog, type AuditEventInput } from './index.ts';

const signer = auditSigner({
  keyFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-projection-key-')), 'audit.key'),
  origin: 'custodian.test/audit',
});

const contract = newId();
const other = newId();
const request = { requestId: 'req-1', sourceAddress: '192.0.2.7', userAgent: 'Mozilla/5.0 (test)' };
// One event of each shape an actor and an input can give: every stored column is non-trivial in some event.
const EVENTS: AuditEventInput[] = [
  {
    actor: { type: 'user', userId: newId(), organisationId: newId(), privileged: false, request },
    action: 'plan.update',
    contractId: contract,
    resource: { type: 'plan', id: 'p-1' },
    details: { before: { title: 'A' }, after: { title: 'B' } },
  },
  {
    actor: { type: 'user', userId: newId(), organisationId: newId(), privileged: true, request },
    action: 'http.request',
    contractId: contract,
    http: { method: 'GET', path: '/contracts/x', status: 200 },
  },
  {
    actor: { type: 'token', tokenId: newId(), contractId: contract, role: 'client-representative', request },
    action: 'http.request',
    contractId: contract,
    http: { method: 'GET', path: '/api/v1/x', status: 403 },
    outcome: 'denied',
  },
  { actor: { type: 'system', name: 'deadlines' }, action: 'deadline.remind', contractId: other, details: { n: 1 } },
  { actor: { type: 'anonymous', request }, action: 'auth.sign-in', outcome: 'failure', details: { email: 'a@b.c' } },
];

// A value that differs from `v` and fits the column.
const altered = (column: string, v: unknown): unknown => {
  if (column === 'occurred_at') return '2020-01-01T00:00:00.000Z';
  if (column === 'details') return '{"edited":true}';
  if (column === 'privileged') return v === 1 ? 0 : 1;
  if (column === 'outcome') return v === 'success' ? 'failure' : 'success';
  if (column === 'actor_type') return v === 'user' ? 'system' : 'user';
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v) + 1;
  return v === null ? 'x' : `${String(v).slice(0, 10)}x`;
};

for (const dialect of await dialectsUnderTest()) {
  describe(`verification covers every column and read-index row a reader sees (${dialect})`, () => {
    let db: TestDatabase;
    let verify: () => ReturnType<typeof verifyAuditLog>;
    // Any column of either table, by name: each test alters columns one at a time.
    const any = () => db.db as unknown as Kysely<Record<string, Record<string, unknown>>>;

    beforeAll(async () => {
      db = await createTestDatabase(dialect);
      const clock = new ManualClock(new Date('2026-03-02T10:00:00.000Z'));
      const tree = createAuditTreeService({ uow: db.uow, clock, signer });
      await createAuditLog({ uow: db.uow, clock }).recordMany(EVENTS);
      await auditIndexRepository(db.uow).catchUp();
      await tree.checkpoint();
      const verifier = parseVerifierKey(await tree.verifierKey());
      verify = () => verifyAuditLog(db.uow, verifier);
      await dropAppendOnly(db.db, 'audit_events');
      await dropAppendOnly(db.db, 'audit_event_index');
    });
    afterAll(async () => db.drop());

    it('passes an untouched log of every actor and input shape', async () => {
      expect(await verify()).toMatchObject({ ok: true, eventsChecked: EVENTS.length });
    });

    const STORED: (keyof AuditEventsTable)[] = [
      'id',
      'occurred_at',
      'class_uid',
      'activity_id',
      'severity_id',
      'actor_type',
      'actor_id',
      'actor_organisation_id',
      'action',
      'resource_type',
      'resource_id',
      'contract_id',
      'outcome',
      'privileged',
      'source_address',
      'user_agent',
      'request_id',
      'details',
    ];
    for (const column of STORED)
      it(`names the event whose stored ${column} was changed, for every event`, async () => {
        for (let seq = 0; seq < EVENTS.length; seq++) {
          const row = await any()
            .selectFrom('audit_events')
            .select(column)
            .where('seq', '=', seq)
            .executeTakeFirstOrThrow();
          const original = row[column];
          await any()
            .updateTable('audit_events')
            .set({ [column]: altered(column, original) })
            .where('seq', '=', seq)
            .execute();
          try {
            const report = await verify();
            expect(report, `${column} of event ${seq}`).toMatchObject({ ok: false, firstBadIndex: seq });
            expect(report.problem).toContain(column);
          } finally {
            await any()
              .updateTable('audit_events')
              .set({ [column]: original })
              .where('seq', '=', seq)
              .execute();
          }
        }
        expect(await verify()).toMatchObject({ ok: true });
      });

    const INDEXED = [
      'contract_id',
      'occurred_at',
      'actor_type',
      'actor_id',
      'action',
      'outcome',
      'resource_type',
      'resource_id',
      'privileged',
    ];
    for (const column of INDEXED)
      it(`names the event whose read-index ${column} was changed`, async () => {
        const rows = await any().selectFrom('audit_event_index').selectAll().orderBy('seq').execute();
        expect(rows.length).toBe(4); // every event about a contract
        for (const row of rows) {
          await any()
            .updateTable('audit_event_index')
            .set({ [column]: altered(column, row[column]) })
            .where('seq', '=', row.seq)
            .execute();
          try {
            expect(await verify(), `${column} of event ${row.seq}`).toMatchObject({
              ok: false,
              firstBadIndex: Number(row.seq),
            });
          } finally {
            const now = column === 'contract_id' ? altered(column, row.contract_id) : row.contract_id;
            await any()
              .updateTable('audit_event_index')
              .set({ [column]: row[column] })
              .where('seq', '=', row.seq)
              .where('contract_id', '=', now)
              .execute();
          }
        }
        expect(await verify()).toMatchObject({ ok: true });
      });

    it('names the event whose read-index row was removed, or added under another contract', async () => {
      const row = await any()
        .selectFrom('audit_event_index')
        .selectAll()
        .where('seq', '=', 1)
        .executeTakeFirstOrThrow();
      await any().deleteFrom('audit_event_index').where('seq', '=', 1).execute();
      expect(await verify()).toMatchObject({ ok: false, firstBadIndex: 1, problem: expect.stringContaining('no row') });
      await any().insertInto('audit_event_index').values(row).execute();
      expect(await verify()).toMatchObject({ ok: true });
      // An event about no contract, shown to one; and an event shown to a second contract as well.
      for (const [seq, contractId] of [
        [4, contract],
        [0, other],
      ] as const) {
        const copy = { ...row, seq, contract_id: contractId };
        await any().insertInto('audit_event_index').values(copy).execute();
        expect(await verify(), `event ${seq}`).toMatchObject({ ok: false, firstBadIndex: seq });
        await any()
          .deleteFrom('audit_event_index')
          .where('seq', '=', seq)
          .where('contract_id', '=', contractId)
          .execute();
      }
      expect(await verify()).toMatchObject({ ok: true });
    });
  });
}
