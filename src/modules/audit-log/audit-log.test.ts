import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/kernel/index.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../../test/support/databases.ts';
import { createAuditLog, type AuditLog } from './index.ts';
import type { AuditLogTables } from './audit-log.tables.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`AuditLog.record (${dialect})`, () => {
    let db: TestDatabase;
    const clock = new ManualClock(new Date('2026-12-01T10:00:00.000Z'));
    let audit: AuditLog;
    // A database per test: the tests read the whole log.
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      audit = createAuditLog({ uow: db.uow, clock });
    });
    afterEach(async () => db?.drop());

    /** A system administrator's change to a contract, from a known address and request. */
    const recordContractUpdate = () =>
      audit.record({
        actor: {
          type: 'user',
          userId: 'u1',
          organisationId: 'o1',
          privileged: true,
          request: { requestId: 'r1', sourceAddress: '192.0.2.1', userAgent: 'UA' },
        },
        action: 'contract.update',
        contractId: 'c1',
        resource: { type: 'contract', id: 'c1' },
      });
    /** A few events of different kinds. */
    async function recordSomeEvents() {
      await audit.record({ actor: { type: 'system', name: 'test' }, action: 'test.committed' });
      await recordContractUpdate();
      await audit.record({
        actor: { type: 'system', name: 'test' },
        action: 'test.details',
        details: { i: 1, nested: { list: [1, 'two'] } },
      });
    }

    it('writes the event in the caller’s transaction: a rolled-back change leaves no event', async () => {
      await expect(
        db.uow.transaction(async () => {
          await audit.record({ actor: { type: 'system', name: 'test' }, action: 'test.rolled-back' });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      await db.uow.transaction(() =>
        audit.record({ actor: { type: 'system', name: 'test' }, action: 'test.committed' }),
      );
      const events = await audit.listRecent({ limit: 10 });
      expect(events.map((e) => e.action)).toEqual(['test.committed']);
      expect(events[0]!.occurred_at).toBe('2026-12-01T10:00:00.000Z');
    });

    it('marks system-admin actions privileged and keeps who, where and which request', async () => {
      await recordContractUpdate();
      const [e] = await audit.listRecent({ action: 'contract.update', limit: 1 });
      expect(e).toMatchObject({
        actor_type: 'user',
        actor_id: 'u1',
        actor_organisation_id: 'o1',
        privileged: 1,
        source_address: '192.0.2.1',
        request_id: 'r1',
        contract_id: 'c1',
        outcome: 'success',
      });
    });

    it('never stores secrets, however deep a careless caller puts them', async () => {
      await audit.record({
        actor: { type: 'system', name: 'test' },
        action: 'test.secrets',
        details: {
          password: 'p',
          after: { token_hash: 'h', mfa_secret: 's', name: 'kept', nested: [{ recoveryCodes: ['x'] }] },
        },
      });
      const [e] = await audit.listRecent({ action: 'test.secrets', limit: 1 });
      expect(JSON.parse(e!.details)).toEqual({ after: { name: 'kept', nested: [{}] } });
    });

    it('numbers events contiguously from 0 even under concurrent writers, and a rollback leaves no gap', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.uow.transaction(async () => {
            await audit.record({
              actor: { type: 'system', name: 'test' },
              action: 'test.concurrent',
              details: { i },
            });
            if (i % 5 === 0)
              await audit.record({
                actor: { type: 'system', name: 'test' },
                action: 'test.concurrent',
                details: { i, second: true },
              });
          }),
        ),
      );
      const rows = await db.db
        .selectFrom('audit_events')
        .select(['seq', 'event', 'leaf_hash'])
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i));
      const head = await db.db.selectFrom('audit_tree_head').selectAll().executeTakeFirstOrThrow();
      expect(head.size).toBe(rows.length);
    });

    it('stores the canonical OCSF event the leaf hash covers, with its own index inside', async () => {
      await recordSomeEvents();
      const rows = await db.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
      for (const r of rows) {
        expect(r.leaf_hash).toBe(
          createHash('sha256')
            .update(Buffer.concat([Buffer.from([0]), Buffer.from(r.event, 'utf8')]))
            .digest('hex'),
        );
        const e = JSON.parse(r.event);
        expect(e.metadata).toMatchObject({ version: '1.8.0', sequence: r.seq, uid: r.id });
        expect(e.type_uid).toBe(e.class_uid * 100 + e.activity_id);
        expect(Object.keys(e)).toEqual([...Object.keys(e)].sort()); // RFC 8785 orders members
      }
      const update = rows.find((r) => r.action === 'contract.update')!;
      expect(JSON.parse(update.event)).toMatchObject({
        class_uid: 6003,
        activity_id: 3,
        actor: { user: { uid: 'u1', type: 'Admin' } },
        src_endpoint: { ip: '192.0.2.1' },
      });
    });

    it('is append-only in the database itself: UPDATE and DELETE are refused unless the purge is running', async () => {
      await recordSomeEvents();
      await expect(
        db.db.updateTable('audit_events').set({ action: 'forged' }).where('seq', '=', 0).execute(),
      ).rejects.toThrow(/append-only/);
      await expect(db.db.deleteFrom('audit_events').where('seq', '=', 0).execute()).rejects.toThrow(/append-only/);
      await expect(db.db.deleteFrom('audit_checkpoints').execute()).resolves.toBeDefined(); // empty: nothing to refuse
      await expect(sql`update audit_events set outcome = 'failure'`.execute(db.db)).rejects.toThrow(/append-only/);
      const count = async () =>
        Number(
          (
            await db.db
              .selectFrom('audit_events')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      await db.uow.transaction(async () => {
        const trx = db.uow.executor<AuditLogTables>();
        await trx.updateTable('audit_tree_head').set({ purging: 1 }).where('id', '=', 1).execute();
        await trx.deleteFrom('audit_events').where('seq', '=', 0).execute();
        await trx.updateTable('audit_tree_head').set({ purging: 0 }).where('id', '=', 1).execute();
      });
      expect(await count()).toBe(before - 1);
    });
  });
}
