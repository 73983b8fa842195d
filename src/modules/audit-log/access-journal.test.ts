import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/kernel/index.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../../test/support/databases.ts';
import { createAccessJournal, createAuditLog, type AuditEventInput, type AuditLog } from './index.ts';

const access = (n: number): AuditEventInput => ({
  actor: { type: 'system', name: 'test' },
  action: 'http.request',
  details: { n },
});

for (const dialect of await dialectsUnderTest()) {
  describe(`access journal: group commit of access records (${dialect})`, () => {
    let db: TestDatabase;
    const clock = new ManualClock(new Date('2026-12-01T10:00:00.000Z'));
    let real: AuditLog;
    let transactions = 0;
    let failNext = 0;
    // The real log on a real database, counting commits and failing on demand as a full disk would.
    const audit: AuditLog = {
      record: (event) => real.record(event),
      listRecent: (filter) => real.listRecent(filter),
      async recordMany(events) {
        if (failNext > 0) {
          failNext--;
          throw new Error('disk full');
        }
        transactions++;
        return real.recordMany(events);
      },
    };
    const stored = async () =>
      (await db.db.selectFrom('audit_events').select(['seq', 'details']).orderBy('seq').execute()).map(
        (r) => JSON.parse(r.details).n as number,
      );

    // Each test starts with an empty log on its own database, no commits counted and no failures to come.
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      real = createAuditLog({ uow: db.uow, clock });
      transactions = 0;
      failNext = 0;
    });
    afterEach(async () => db?.drop());

    it('commits records pushed together in one transaction, in the order pushed, without gaps', async () => {
      const journal = createAccessJournal({ audit, uow: db.uow });
      for (let i = 0; i < 50; i++) journal.push(access(i));
      await journal.flush();
      expect(transactions).toBe(1);
      expect(await stored()).toEqual([...Array(50).keys()]);
      await journal.close();
    });

    it('keeps records that failed to commit, refuses more while failing, and commits them all once it can', async () => {
      const errors: unknown[] = [];
      const journal = createAccessJournal({ audit, uow: db.uow, retryMs: 20, onError: (e) => errors.push(e) });
      const before = (await stored()).length;
      failNext = 2;
      journal.push(access(1000));
      await expect(journal.flush()).rejects.toMatchObject({ status: 503, code: 'audit_unavailable' });
      expect(journal.accepting()).toBe(false);
      journal.push(access(1001));
      await expect(journal.flush()).rejects.toThrow(/cannot record access/);
      await journal.flush(); // the third attempt succeeds
      expect(journal.accepting()).toBe(true);
      expect((await stored()).slice(before)).toEqual([1000, 1001]);
      expect(errors).toHaveLength(2);
      await journal.close();
    });

    it('refuses more once too many records wait, and commits what is queued when closed', async () => {
      const journal = createAccessJournal({ audit, uow: db.uow, maxPending: 3 });
      const before = (await stored()).length;
      for (let i = 0; i < 3; i++) journal.push(access(2000 + i));
      expect(journal.accepting()).toBe(false);
      await journal.close();
      expect((await stored()).slice(before)).toEqual([2000, 2001, 2002]);
    });
  });
}
