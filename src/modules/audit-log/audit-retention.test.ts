import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/kernel/index.ts';
import { parseVerifierKey } from '../../platform/signed-note/index.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../../test/support/databases.ts';
import {
  auditSigner,
  checkProofDocument,
  createAuditLog,
  createAuditRetentionService,
  createAuditTreeService,
  monthsBefore,
  verifyAuditLog,
  type AuditLog,
} from './index.ts';

const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-audit-key-'));
const signer = auditSigner({ keyFile: path.join(keyDir, 'audit.key'), origin: 'custodian.test/audit' });
const system = { type: 'system' as const, name: 'test' };
const events = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ actor: system, action: 'test.event', details: { i } }));

describe('monthsBefore', () => {
  it('counts calendar months and clamps to the end of a shorter month', () => {
    expect(monthsBefore(new Date('2027-03-31T10:00:00Z'), 1).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(monthsBefore(new Date('2028-03-31T10:00:00Z'), 1).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(monthsBefore(new Date('2027-01-15T00:00:00Z'), 13).toISOString()).toBe('2025-12-15T00:00:00.000Z');
  });
});

for (const dialect of await dialectsUnderTest()) {
  describe(`retention purge (${dialect})`, () => {
    let db: TestDatabase;
    const clock = new ManualClock(new Date('2026-01-05T09:00:00.000Z'));
    let audit: AuditLog;
    let tree: ReturnType<typeof createAuditTreeService>;
    let retention: ReturnType<typeof createAuditRetentionService>;
    // Each test starts from its own log of 600 events written on 2026-01-05 and checkpointed; purges change it.
    beforeEach(async () => {
      clock.set(new Date('2026-01-05T09:00:00.000Z'));
      db = await createTestDatabase(dialect);
      audit = createAuditLog({ uow: db.uow, clock });
      tree = createAuditTreeService({ uow: db.uow, clock, signer });
      retention = createAuditRetentionService({ uow: db.uow, clock, audit, retentionMonths: 13 });
      await audit.recordMany(events(600));
      await tree.checkpoint();
    });
    afterEach(async () => db?.drop());

    /** On 2027-03-01, with events 300–310 held, the first 256 leaves are purged; then the hold is released. */
    async function purgeTheFirst256UnderAHold() {
      clock.set(new Date('2027-03-01T09:00:00.000Z'));
      const hold = await retention.hold(system, { from: 300, to: 310, reason: 'Breach investigation INC-7' });
      await tree.checkpoint();
      expect(await retention.purge(system)).toEqual({ from: 0, to: 256 });
      await retention.release(system, hold);
    }
    /** Then 10 more events, and a purge of the next 256 leaves. */
    async function purgeTo512() {
      await purgeTheFirst256UnderAHold();
      await audit.recordMany(events(10));
      await tree.checkpoint();
      expect(await retention.purge(system)).toEqual({ from: 256, to: 512 });
      await tree.checkpoint();
    }

    it('keeps everything younger than the retention period', async () => {
      clock.set(new Date('2027-02-04T09:00:00.000Z')); // 12 months and 30 days later
      expect(await retention.purge(system)).toBeUndefined();
    });

    it('never purges under a legal hold', async () => {
      clock.set(new Date('2027-03-01T09:00:00.000Z'));
      const hold = await retention.hold(system, { from: 300, to: 310, reason: 'Breach investigation INC-7' });
      await tree.checkpoint();
      expect(await retention.purge(system)).toEqual({ from: 0, to: 256 });
      expect(await retention.purge(system)).toBeUndefined();
      await retention.release(system, hold);
    });

    it('purges old content on 256-leaf boundaries, records the purge, and every proof still verifies', async () => {
      await purgeTheFirst256UnderAHold();
      await audit.recordMany(events(10));
      await tree.checkpoint();
      expect(await retention.purge(system)).toEqual({ from: 256, to: 512 });
      const left = await db.db
        .selectFrom('audit_events')
        .select('seq')
        .orderBy('seq')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(left.seq).toBe(512);
      const [purge] = await audit.listRecent({ action: 'audit.purge', limit: 1 });
      expect(JSON.parse(purge!.details)).toMatchObject({ from: 256, to: 512, retentionMonths: 13 });
      await tree.checkpoint();
      const vkey = await tree.verifierKey();
      expect(await verifyAuditLog(db.uow, parseVerifierKey(vkey))).toMatchObject({ ok: true });
      const purgedProof = await tree.prove(100);
      expect(purgedProof.canonical_event).toBeNull();
      expect(checkProofDocument(JSON.stringify(purgedProof), vkey)).toMatchObject({ ok: true });
      expect(checkProofDocument(JSON.stringify(await tree.prove(550)), vkey)).toMatchObject({ ok: true });
      expect(checkProofDocument(JSON.stringify(await tree.consistency(600)), vkey)).toMatchObject({ ok: true });
    });

    it('a deletion dressed up as a purge is caught', async () => {
      await purgeTo512();
      await db.db.updateTable('audit_tree_head').set({ purging: 1 }).where('id', '=', 1).execute();
      await db.db.deleteFrom('audit_events').where('seq', '<', 530).execute();
      await db.db.updateTable('audit_tree_head').set({ purging: 0, purged_below: 530 }).where('id', '=', 1).execute();
      const report = await verifyAuditLog(db.uow, parseVerifierKey(await tree.verifierKey()));
      expect(report).toMatchObject({ ok: false });
      expect(report.problem).toMatch(/no purge event/);
    });
  });
}
