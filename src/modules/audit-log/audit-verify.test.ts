import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropAppendOnly } from '../../platform/db/index.ts';
import { ManualClock } from '../../platform/kernel/index.ts';
import { parseVerifierKey } from '../../platform/signed-note/index.ts';
import { createTestDatabase, dialectsUnderTest } from '../../../test/support/databases.ts';
import { auditSigner, createAuditLog, createAuditTreeService, verifyAuditLog } from './index.ts';

const signer = auditSigner({
  keyFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-verify-key-')), 'audit.key'),
  origin: 'custodian.test/audit',
});

// Verification reads events in windows of 5,000; these cases cross and span windows.
for (const dialect of await dialectsUnderTest()) {
  describe(`verifying across read windows (${dialect})`, () => {
    async function log(n: number) {
      const db = await createTestDatabase(dialect);
      const clock = new ManualClock();
      const tree = createAuditTreeService({ uow: db.uow, clock, signer });
      await createAuditLog({ uow: db.uow, clock }).recordMany(
        Array.from({ length: n }, (_, i) => ({
          actor: { type: 'system' as const, name: 'test' },
          action: 'test.event',
          details: { n: i },
        })),
      );
      await tree.checkpoint();
      const verify = async () => verifyAuditLog(db.uow, parseVerifierKey(await tree.verifierKey()));
      return { db, verify };
    }

    it('checks every event of a log longer than one window', async () => {
      const { db, verify } = await log(12_345);
      try {
        expect(await verify()).toMatchObject({ ok: true, eventsChecked: 12_345 });
      } finally {
        await db.drop();
      }
    });

    it('names the next stored event after a gap longer than a window', async () => {
      const { db, verify } = await log(11_000);
      try {
        await dropAppendOnly(db.db, 'audit_events');
        await db.db.deleteFrom('audit_events').where('seq', '>=', 100).where('seq', '<', 10_500).execute();
        expect(await verify()).toMatchObject({
          ok: false,
          firstBadIndex: 100,
          problem: 'event 100 is missing (the next stored event is 10500)',
        });
        await db.db.deleteFrom('audit_events').where('seq', '>=', 100).execute();
        expect(await verify()).toMatchObject({ ok: false, firstBadIndex: 100, problem: 'event 100 is missing' });
      } finally {
        await db.drop();
      }
    });
  });
}
