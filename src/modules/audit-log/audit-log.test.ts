import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/kernel/index.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../../test/support/databases.ts';
import { createAuditLog } from './index.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`AuditLog.record (${dialect})`, () => {
    let db: TestDatabase;
    const clock = new ManualClock(new Date('2026-12-01T10:00:00.000Z'));
    const audit = createAuditLog({ clock });
    beforeAll(async () => {
      db = await createTestDatabase(dialect);
    });
    afterAll(async () => db?.drop());

    it('writes the event in the caller’s transaction: a rolled-back change leaves no event', async () => {
      await expect(
        db.db.transaction().execute(async (trx) => {
          await audit.record(trx, { actor: { type: 'system', name: 'test' }, action: 'test.rolled-back' });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      await db.db.transaction().execute((trx) => audit.record(trx, { actor: { type: 'system', name: 'test' }, action: 'test.committed' }));
      const events = await audit.listRecent(db.db, { limit: 10 });
      expect(events.map((e) => e.action)).toEqual(['test.committed']);
      expect(events[0]!.occurred_at).toBe('2026-12-01T10:00:00.000Z');
    });

    it('marks system-admin actions privileged and keeps who, where and which request', async () => {
      await audit.record(db.db, {
        actor: { type: 'user', userId: 'u1', organisationId: 'o1', privileged: true, request: { requestId: 'r1', sourceAddress: '192.0.2.1', userAgent: 'UA' } },
        action: 'contract.update', contractId: 'c1', resource: { type: 'contract', id: 'c1' },
      });
      const [e] = await audit.listRecent(db.db, { action: 'contract.update', limit: 1 });
      expect(e).toMatchObject({ actor_type: 'user', actor_id: 'u1', actor_organisation_id: 'o1', privileged: 1, source_address: '192.0.2.1', request_id: 'r1', contract_id: 'c1', outcome: 'success' });
    });

    it('never stores secrets, however deep a careless caller puts them', async () => {
      await audit.record(db.db, { actor: { type: 'system', name: 'test' }, action: 'test.secrets', details: { password: 'p', after: { token_hash: 'h', mfa_secret: 's', name: 'kept', nested: [{ recoveryCodes: ['x'] }] } } });
      const [e] = await audit.listRecent(db.db, { action: 'test.secrets', limit: 1 });
      expect(JSON.parse(e!.details)).toEqual({ after: { name: 'kept', nested: [{}] } });
    });
  });
}
