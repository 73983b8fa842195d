import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_FOLDERS } from '../../app.ts';
import { createDb, dropAppendOnly, type DbHandle } from '../../platform/db/index.ts';
import { ManualClock } from '../../platform/kernel/index.ts';
import { parseVerifierKey, type Verifier } from '../../platform/signed-note/index.ts';
import { createTestDatabase, dialectsUnderTest } from '../../../test/support/databases.ts';
import type { VerifyConnection } from './audit-verify-parallel.ts';
import { auditSigner, createAuditLog, createAuditTreeService, verifyAuditLog } from './index.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-verify-parallel-'));
const signer = auditSigner({ keyFile: path.join(dataDir, 'audit.key'), origin: 'custodian.test/audit' });
// Three chunks of work (20,000 events each, the last part-full) for this thread and the workers.
const EVENTS = 45_000;

/**
 * Worker threads open their own connection, so SQLite here is a file (the app's own layout, in a
 * data directory), not the in-memory database of other tests. Each case compares the parallel run
 * with the single-threaded one on the same log: same verdict, same first bad index, same words.
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`verification with worker threads (${dialect})`, () => {
    let handle: DbHandle & { drop?: () => Promise<void> };
    let connection: VerifyConnection;
    let verifier: Verifier;
    const single = () => verifyAuditLog(handle.uow, verifier);
    const parallel = (c = connection) => verifyAuditLog(handle.uow, verifier, {}, { connection: c, workersFrom: 0 });

    beforeAll(async () => {
      if (dialect === 'sqlite') {
        const dir = fs.mkdtempSync(path.join(dataDir, 'db-'));
        handle = createDb(undefined, dir, { migrationFolders: MIGRATION_FOLDERS });
        await handle.migrations.toLatest();
        connection = { databaseUrl: undefined, dataDir: dir };
      } else {
        const db = await createTestDatabase('postgres');
        handle = db;
        connection = { databaseUrl: db.url, dataDir };
      }
      const clock = new ManualClock();
      const tree = createAuditTreeService({ uow: handle.uow, clock, signer });
      const audit = createAuditLog({ uow: handle.uow, clock });
      for (let from = 0; from < EVENTS; from += 5_000) {
        await audit.recordMany(
          Array.from({ length: 5_000 }, (_, i) => ({
            actor: { type: 'system' as const, name: 'test' },
            action: 'test.event',
            details: { n: from + i },
          })),
        );
      }
      await tree.checkpoint();
      verifier = parseVerifierKey(await tree.verifierKey());
      for (const t of ['audit_events', 'audit_tiles']) await dropAppendOnly(handle.db, t); // the attacker's first step
    }, 120_000);
    afterAll(async () => (handle?.drop ? handle.drop() : handle?.close()));

    it('verifies a clean log with the workers, as one thread does', async () => {
      const expected = { ok: true, eventsChecked: EVENTS, leavesChecked: EVENTS, checkpointsChecked: 1 };
      expect(await single()).toEqual(expected);
      expect(await parallel()).toEqual(expected);
    });

    it('names the first edited event, though a later chunk holds another', async () => {
      // The log is built once for the file (45,000 events take a while): what this test edits it puts back.
      const edited = [41_000, 25_000, 7];
      const originals = await handle.db
        .selectFrom('audit_events')
        .select(['seq', 'event', 'leaf_hash'])
        .where('seq', 'in', edited)
        .execute();
      try {
        for (const seq of [41_000, 25_000]) {
          await sql`update audit_events set event = replace(event, ${`"n":${seq}`}, ${`"n":${seq + 1}`}) where seq = ${seq}`.execute(
            handle.db,
          );
        }
        const report = await parallel();
        expect(report).toMatchObject({
          ok: false,
          firstBadIndex: 25_000,
          problem: 'event 25000 does not match its stored leaf hash: it was edited',
        });
        expect(report).toMatchObject({
          firstBadIndex: (await single()).firstBadIndex,
          problem: (await single()).problem,
        });

        // An earlier fault in the first chunk wins over both.
        await sql`update audit_events set leaf_hash = ${'0'.repeat(64)} where seq = 7`.execute(handle.db);
        expect(await parallel()).toMatchObject({ ok: false, firstBadIndex: 7 });
      } finally {
        for (const row of originals)
          await handle.db
            .updateTable('audit_events')
            .set({ event: row.event, leaf_hash: row.leaf_hash })
            .where('seq', '=', row.seq)
            .execute();
      }
    });

    it('a worker that cannot reach the database fails the run rather than passing it', async () => {
      await expect(parallel({ databaseUrl: 'postgres://nobody@127.0.0.1:1/custodian', dataDir })).rejects.toThrow();
    });
  });

  describe(`verification with worker threads, tree faults (${dialect})`, () => {
    it('reports a tampered tile when every event is intact, as one thread does', async () => {
      const dir = fs.mkdtempSync(path.join(dataDir, 'tiles-'));
      const owned = dialect === 'sqlite' ? undefined : await createTestDatabase('postgres');
      const handle = owned ?? createDb(undefined, dir, { migrationFolders: MIGRATION_FOLDERS });
      if (!owned) await handle.migrations.toLatest();
      const connection = { databaseUrl: owned?.url, dataDir: dir };
      try {
        const clock = new ManualClock();
        const tree = createAuditTreeService({ uow: handle.uow, clock, signer });
        await createAuditLog({ uow: handle.uow, clock }).recordMany(
          Array.from({ length: 1_000 }, (_, i) => ({
            actor: { type: 'system' as const, name: 'test' },
            action: 'test.event',
            details: { n: i },
          })),
        );
        await tree.checkpoint();
        const verifier = parseVerifierKey(await tree.verifierKey());
        await dropAppendOnly(handle.db, 'audit_tiles');
        // The first hash of the level-1 tile (the root of leaves 0–255) replaced.
        await sql`update audit_tiles set hashes = ${'f'.repeat(64)} || substr(hashes, 65) where level = 1 and idx = 0`.execute(
          handle.db,
        );
        const single = await verifyAuditLog(handle.uow, verifier);
        const parallel = await verifyAuditLog(handle.uow, verifier, {}, { connection, workersFrom: 0 });
        expect(single).toMatchObject({ ok: false, problem: 'level-1 tile hash 0 does not match the leaves under it' });
        expect(parallel).toMatchObject({ ok: false, firstBadIndex: single.firstBadIndex, problem: single.problem });

        // A missing level-0 tile is found while the leaves are read, before the workers may start.
        await sql`delete from audit_tiles where level = 0 and idx = 1`.execute(handle.db);
        const singleMissing = await verifyAuditLog(handle.uow, verifier);
        expect(singleMissing).toMatchObject({ ok: false, firstBadIndex: 256, problem: 'level-0 tile 1 is missing' });
        expect(await verifyAuditLog(handle.uow, verifier, {}, { connection, workersFrom: 0 })).toMatchObject({
          ok: false,
          firstBadIndex: 256,
          problem: singleMissing.problem,
        });
      } finally {
        await (owned ? owned.drop() : handle.close());
      }
    }, 60_000);
  });
}
