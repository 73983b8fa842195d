import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/kernel/index.ts';
import { parseVerifierKey } from '../../platform/signed-note/index.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../../test/support/databases.ts';
import { auditSigner, createAuditLog, createAuditTreeService, verifyAuditLog } from './index.ts';

const MIGRATION = '20261207T0900-audit-events-rowid';
const signer = auditSigner({
  keyFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-rowid-')), 'audit.key'),
  origin: 'custodian.test/audit',
});

// The migration rebuilds audit_events on SQLite (seq becomes the rowid) and leaves PostgreSQL as it
// is. Either way a log written before it must come through whole: same rows, still verifying,
// still append-only, and appendable after.
for (const dialect of await dialectsUnderTest()) {
  describe(`the audit_events rowid migration (${dialect})`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => db?.drop());

    it('keeps every event, its verification and its protection, up and down', async () => {
      db = await createTestDatabase(dialect, { migrate: false });
      const migrator = db.migrations.migrator();
      const names = (await migrator.getMigrations()).map((m) => m.name);
      const before = names[names.indexOf(MIGRATION) - 1]!;
      expect((await migrator.migrateTo(before)).error).toBeUndefined();

      const clock = new ManualClock();
      const tree = createAuditTreeService({ uow: db.uow, clock, signer });
      const audit = createAuditLog({ uow: db.uow, clock });
      await audit.recordMany(
        Array.from({ length: 300 }, (_, i) => ({
          actor: { type: 'system' as const, name: 'test' },
          action: 'test.event',
          details: { n: i, text: 'tab\tand "quotes" é' },
        })),
      );
      await tree.checkpoint();
      const verifier = parseVerifierKey(await tree.verifierKey());
      const snapshot = async () => await db!.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
      const rows = await snapshot();

      for (const target of [MIGRATION, before, MIGRATION]) {
        expect((await migrator.migrateTo(target)).error).toBeUndefined();
        expect(await snapshot()).toEqual(rows);
        expect(await verifyAuditLog(db.uow, verifier)).toMatchObject({ ok: true, eventsChecked: 300 });
        await expect(sql`update audit_events set action = 'x' where seq = 1`.execute(db.db)).rejects.toThrow(
          /append-only/,
        );
        await expect(sql`delete from audit_events where seq = 1`.execute(db.db)).rejects.toThrow(/append-only/);
      }
      if (dialect === 'sqlite') {
        const table = (
          await sql<{ sql: string }>`select sql from sqlite_master where name = 'audit_events'`.execute(db.db)
        ).rows[0]!.sql;
        expect(table).toContain('"seq" integer primary key');
      }
      await audit.record({ actor: { type: 'system', name: 'test' }, action: 'test.after' });
      await tree.checkpoint();
      expect(await verifyAuditLog(db.uow, verifier)).toMatchObject({ ok: true, eventsChecked: 301 });
    });
  });
}
