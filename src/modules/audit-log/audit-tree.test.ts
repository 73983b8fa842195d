import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropAppendOnly } from '../../platform/db/index.ts';
import { ManualClock } from '../../platform/kernel/index.ts';
import { parseVerifierKey } from '../../platform/signed-note/index.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../../test/support/databases.ts';
import { auditSigner, checkProofDocument, createAuditLog, createAuditTreeService, verifyAuditLog } from './index.ts';

const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-audit-key-'));
const signer = auditSigner({ keyFile: path.join(keyDir, 'audit.key'), origin: 'custodian.test/audit' });

/** A log of `n` events with checkpoints at 600 and at n. */
async function aLog(dialect: 'sqlite' | 'postgres', n = 700) {
  const db = await createTestDatabase(dialect);
  const clock = new ManualClock();
  const audit = createAuditLog({ uow: db.uow, clock });
  const tree = createAuditTreeService({ uow: db.uow, clock, signer });
  const events = (count: number, from: number) =>
    Array.from({ length: count }, (_, i) => ({
      actor: { type: 'system' as const, name: 'test' },
      action: 'test.event',
      details: { n: from + i },
    }));
  await audit.recordMany(events(600, 0));
  await tree.checkpoint();
  await audit.recordMany(events(n - 600, 600));
  await tree.checkpoint();
  const vkey = await tree.verifierKey();
  const verify = (range?: { from?: number; to?: number }) => verifyAuditLog(db.uow, parseVerifierKey(vkey), range);
  return { db, tree, vkey, verify };
}

/** What an attacker with full database rights could do: remove the append-only triggers first. */
async function unprotect(db: TestDatabase) {
  for (const t of ['audit_events', 'audit_tiles', 'audit_checkpoints']) await dropAppendOnly(db.db, t);
}

for (const dialect of await dialectsUnderTest()) {
  describe(`tamper-evident audit log (${dialect})`, () => {
    let log: Awaited<ReturnType<typeof aLog>>;
    beforeAll(async () => {
      log = await aLog(dialect);
    });
    afterAll(async () => log?.db.drop());

    it('verifies a clean log: every event, every leaf, both signed checkpoints', async () => {
      expect(await log.verify()).toEqual({ ok: true, eventsChecked: 700, leavesChecked: 700, checkpointsChecked: 2 });
      expect((await log.verify({ from: 100, to: 199 })).eventsChecked).toBe(100);
      expect(log.vkey).toMatch(/^custodian\.test\/audit\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    });

    it('proves inclusion against the signed checkpoint, checkable offline with only the file and the key', async () => {
      for (const i of [0, 255, 256, 599, 699]) {
        const proof = await log.tree.prove(i);
        expect(proof.tree_size).toBe(700);
        expect(JSON.parse(proof.canonical_event!).metadata.sequence).toBe(i);
        expect(checkProofDocument(JSON.stringify(proof), log.vkey)).toMatchObject({ ok: true, kind: 'inclusion' });
      }
      const old = await log.tree.prove(123, 600);
      expect(checkProofDocument(JSON.stringify(old), log.vkey).ok).toBe(true);
      const proof = await log.tree.prove(42);
      const forged = { ...proof, canonical_event: proof.canonical_event!.replace('"test.event"', '"test.forged"') };
      expect(checkProofDocument(JSON.stringify(forged), log.vkey)).toMatchObject({ ok: false });
      const moved = { ...proof, leaf_index: 43 };
      expect(checkProofDocument(JSON.stringify(moved), log.vkey).ok).toBe(false);
      const otherKey = (await import('../../platform/signed-note/index.ts')).generateSigner(
        'custodian.test/audit',
      ).vkey;
      expect(checkProofDocument(JSON.stringify(proof), otherKey).ok).toBe(false);
    });

    it('proves the later checkpoint extends the earlier one', async () => {
      const proof = await log.tree.consistency(600);
      expect(proof).toMatchObject({ old_size: 600, new_size: 700 });
      expect(proof.old_checkpoint).toContain('\n600\n');
      expect(checkProofDocument(JSON.stringify(proof), log.vkey)).toMatchObject({ ok: true, kind: 'consistency' });
      expect(checkProofDocument(JSON.stringify({ ...proof, old_root: proof.new_root }), log.vkey).ok).toBe(false);
      for (const old of [1, 7, 256, 599, 700])
        expect(checkProofDocument(JSON.stringify(await log.tree.consistency(old)), log.vkey).ok).toBe(true);
    });
  });

  describe(`tampering is found and named (${dialect})`, () => {
    const logs: TestDatabase[] = [];
    afterAll(async () => Promise.all(logs.map((d) => d.drop())));
    const tampered = async (tamper: (db: TestDatabase) => Promise<unknown>) => {
      const log = await aLog(dialect);
      logs.push(log.db);
      await unprotect(log.db);
      await tamper(log.db);
      return log.verify();
    };

    it('a changed field', async () => {
      const r = await tampered((db) =>
        sql`update audit_events set event = replace(event, '"n":123', '"n":124') where seq = 123`.execute(db.db),
      );
      expect(r).toMatchObject({ ok: false, firstBadIndex: 123 });
    });

    it('a changed event with its leaf hash recomputed', async () => {
      const r = await tampered(async (db) => {
        const row = await db.db
          .selectFrom('audit_events')
          .select('event')
          .where('seq', '=', 300)
          .executeTakeFirstOrThrow();
        const { leafHashHex } = await import('./audit-event.ts');
        const forged = row.event.replace('"n":300', '"n":301');
        await db.db
          .updateTable('audit_events')
          .set({ event: forged, leaf_hash: leafHashHex(forged) })
          .where('seq', '=', 300)
          .execute();
      });
      expect(r).toMatchObject({ ok: false, firstBadIndex: 300 });
      expect(r.problem).toMatch(/leaf hash in the tree/);
    });

    it('a deleted row', async () => {
      const r = await tampered((db) => db.db.deleteFrom('audit_events').where('seq', '=', 200).execute());
      expect(r).toMatchObject({ ok: false, firstBadIndex: 200 });
      expect(r.problem).toMatch(/missing/);
    });

    it('two rows swapped', async () => {
      const r = await tampered(async (db) => {
        await db.db.updateTable('audit_events').set({ seq: -1 }).where('seq', '=', 10).execute();
        await db.db.updateTable('audit_events').set({ seq: 10 }).where('seq', '=', 11).execute();
        await db.db.updateTable('audit_events').set({ seq: 11 }).where('seq', '=', -1).execute();
      });
      expect(r).toMatchObject({ ok: false, firstBadIndex: 10 });
      expect(r.problem).toMatch(/says it is event 11: rows were moved or swapped/);
    });

    it('two rows swapped after the last checkpoint, each carrying its own leaf hash', async () => {
      // No signature covers these events yet, so only their text, which names its index, can tell.
      const r = await tampered(async (db) => {
        const more = Array.from({ length: 20 }, (_, i) => ({
          actor: { type: 'system' as const, name: 'test' },
          action: 'test.event',
          details: { n: 700 + i },
        }));
        await createAuditLog({ uow: db.uow, clock: new ManualClock() }).recordMany(more);
        await db.db.updateTable('audit_events').set({ seq: -1 }).where('seq', '=', 705).execute();
        await db.db.updateTable('audit_events').set({ seq: 705 }).where('seq', '=', 706).execute();
        await db.db.updateTable('audit_events').set({ seq: 706 }).where('seq', '=', -1).execute();
      });
      expect(r).toMatchObject({
        ok: false,
        firstBadIndex: 705,
        problem: 'event 705 says it is event 706: rows were moved or swapped',
      });
    });

    it('a gap where the tree would grow stops tiling with the reason, rather than retrying for ever', async () => {
      const log = await aLog(dialect);
      logs.push(log.db);
      const more = Array.from({ length: 20 }, (_, i) => ({
        actor: { type: 'system' as const, name: 'test' },
        action: 'test.event',
        details: { n: 700 + i },
      }));
      await createAuditLog({ uow: log.db.uow, clock: new ManualClock() }).recordMany(more);
      await unprotect(log.db);
      await log.db.db.deleteFrom('audit_events').where('seq', '=', 710).execute();
      await expect(log.tree.tileNewLeaves()).rejects.toThrow('audit events 700..719 are not contiguous');
    });

    it('two rows swapped after the last checkpoint, with their leaves swapped in tiles no checkpoint signs', async () => {
      const log = await aLog(dialect);
      logs.push(log.db);
      const more = Array.from({ length: 20 }, (_, i) => ({
        actor: { type: 'system' as const, name: 'test' },
        action: 'test.event',
        details: { n: 700 + i },
      }));
      await createAuditLog({ uow: log.db.uow, clock: new ManualClock() }).recordMany(more);
      await log.tree.tileNewLeaves();
      await unprotect(log.db);
      const db = log.db.db;
      await db.updateTable('audit_events').set({ seq: -1 }).where('seq', '=', 705).execute();
      await db.updateTable('audit_events').set({ seq: 705 }).where('seq', '=', 706).execute();
      await db.updateTable('audit_events').set({ seq: 706 }).where('seq', '=', -1).execute();
      const tile = await db
        .selectFrom('audit_tiles')
        .select('hashes')
        .where('level', '=', 0)
        .where('idx', '=', 2)
        .executeTakeFirstOrThrow();
      const at = (705 - 512) * 64;
      const hashes =
        tile.hashes.slice(0, at) +
        tile.hashes.slice(at + 64, at + 128) +
        tile.hashes.slice(at, at + 64) +
        tile.hashes.slice(at + 128);
      await db.updateTable('audit_tiles').set({ hashes }).where('level', '=', 0).where('idx', '=', 2).execute();
      // Every hash agrees with every other and no signature covers them: only the text can tell.
      expect(await log.verify()).toMatchObject({
        ok: false,
        firstBadIndex: 705,
        problem: 'event 705 says it is event 706: rows were moved or swapped',
      });
    });

    it('a rewritten leaf in the tiles, with the event and hash changed to match', async () => {
      const r = await tampered(async (db) => {
        const { leafHashHex } = await import('./audit-event.ts');
        const row = await db.db
          .selectFrom('audit_events')
          .select('event')
          .where('seq', '=', 5)
          .executeTakeFirstOrThrow();
        const forged = row.event.replace('"n":5', '"n":6');
        const leaf = leafHashHex(forged);
        await db.db.updateTable('audit_events').set({ event: forged, leaf_hash: leaf }).where('seq', '=', 5).execute();
        const tile = await db.db
          .selectFrom('audit_tiles')
          .select('hashes')
          .where('level', '=', 0)
          .where('idx', '=', 0)
          .executeTakeFirstOrThrow();
        await db.db
          .updateTable('audit_tiles')
          .set({ hashes: tile.hashes.slice(0, 5 * 64) + leaf + tile.hashes.slice(6 * 64) })
          .where('level', '=', 0)
          .where('idx', '=', 0)
          .execute();
      });
      expect(r.ok).toBe(false);
      expect(r.problem).toMatch(/signed checkpoint|tile hash/);
    });

    it('a forged checkpoint', async () => {
      const r = await tampered((db) =>
        db.db
          .updateTable('audit_checkpoints')
          .set({ root_hash: '00'.repeat(32) })
          .where('size', '=', 600)
          .execute(),
      );
      expect(r).toMatchObject({ ok: false });
      expect(r.problem).toMatch(/checkpoint at size 600/);
    });
  });
}
