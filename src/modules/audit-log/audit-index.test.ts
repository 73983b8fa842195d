import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, newId } from '../../platform/kernel/index.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../../test/support/databases.ts';
import { auditIndexRepository as indexes } from './audit-index.repository.ts';
import { auditReadRepository as reads, type AuditReadFilter } from './audit-read.repository.ts';
import { createAuditLog, type AuditEventInput } from './audit-log.service.ts';

const contracts = [newId(), newId()];
const users = [newId(), newId(), newId()];
const ACTIONS = ['contract.read', 'member.add', 'plan.update'];
/** Event i: a contract (or none, every 7th), a user, an action and an outcome that cycle at different rates. */
const event = (i: number): AuditEventInput => ({
  actor: { type: 'user', userId: users[i % 3]!, organisationId: newId(), privileged: i % 5 === 0 },
  action: ACTIONS[i % 4 === 3 ? 2 : i % 2]!,
  contractId: i % 7 === 6 ? null : contracts[Math.floor(i / 3) % 2],
  resource: { type: 'record', id: `r${i % 4}` },
  outcome: i % 11 === 0 ? 'denied' : 'success',
});

for (const dialect of await dialectsUnderTest()) {
  describe(`the read index behind the append (${dialect})`, () => {
    let db: TestDatabase;
    let audit: ReturnType<typeof createAuditLog>;
    const all = Array.from({ length: 300 }, (_, i) => ({ seq: i, ...event(i) }));
    const expected = (f: AuditReadFilter) =>
      all
        .filter(
          (e) =>
            e.contractId === f.contractId &&
            (!f.actorId || (e.actor as { userId: string }).userId === f.actorId) &&
            (!f.action || e.action === f.action) &&
            (!f.outcome || e.outcome === f.outcome) &&
            (!f.resourceId || e.resource!.id === f.resourceId),
        )
        .map((e) => e.seq);
    // Each test has its own database: 300 events, the first 170 indexed. Some tests index the rest, or add more.
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      audit = createAuditLog({ uow: db.uow, clock: new ManualClock(new Date('2026-03-02T10:00:00.000Z')) });
      await audit.recordMany(all.slice(0, 170).map((e) => event(e.seq)));
      await indexes(db.uow).catchUp(64); // several batches
      await audit.recordMany(all.slice(170).map((e) => event(e.seq))); // the tail: not yet indexed
    });
    afterEach(async () => db?.drop());

    const filters = (): AuditReadFilter[] => [
      { contractId: contracts[0]! },
      { contractId: contracts[1]!, actorId: users[1] },
      { contractId: contracts[0]!, action: 'plan.update' },
      { contractId: contracts[1]!, outcome: 'denied' },
      { contractId: contracts[0]!, resourceId: 'r2', minSeq: 40, maxSeq: 250 },
    ];

    /** Pages every filter both ways with a small page size, so pages straddle the watermark. */
    async function expectPagesComplete(): Promise<void> {
      for (const f of filters()) {
        const want = expected(f).filter(
          (s) => (f.minSeq === undefined || s >= f.minSeq) && (f.maxSeq === undefined || s <= f.maxSeq),
        );
        const older: number[] = [];
        for (let cursor: { before?: number } = {}; ;) {
          const page = (await reads(db.uow).page(f, cursor, 7)).map((r) => Number(r.seq));
          older.push(...page);
          if (page.length < 7) break;
          expect(await reads(db.uow).any(f, 'older', page.at(-1)!)).toBe(older.length < want.length);
          cursor = { before: page.at(-1)! };
        }
        expect(older).toEqual([...want].reverse());
        const newer: number[] = [];
        for (let after = -1; ;) {
          const page = (await reads(db.uow).page(f, { after }, 7)).map((r) => Number(r.seq));
          expect(page).toEqual([...page].sort((a, b) => b - a)); // shown newest first
          newer.push(...[...page].reverse());
          if (page.length < 7) break;
          expect(await reads(db.uow).any(f, 'newer', page[0]!)).toBe(newer.length < want.length);
          after = page[0]!;
        }
        expect(newer).toEqual(want);
        const exported: number[] = [];
        for (let after = -1; ;) {
          const batch = await reads(db.uow).batch(f, after, 9);
          exported.push(...batch.map((r) => Number(r.seq)));
          expect(batch.every((r) => r.event.length > 0)).toBe(true); // whole rows
          if (batch.length < 9) break;
          after = Number(batch.at(-1)!.seq);
        }
        expect(exported).toEqual(want);
      }
      expect(await reads(db.uow).actions(contracts[0]!)).toEqual([...ACTIONS].sort());
      expect(await reads(db.uow).actions(newId())).toEqual([]);
    }

    it('reads the indexed part and the tail above the watermark as one, both ways', async () => {
      expect(await indexes(db.uow).state()).toEqual({ indexed: 170, size: 300 });
      await expectPagesComplete();
    });

    it('reads the same once everything is indexed, and indexes only events about a contract', async () => {
      expect(await indexes(db.uow).catchUp()).toBe(300);
      await expectPagesComplete();
      const rows = await db.db.selectFrom('audit_event_index').select('seq').execute();
      expect(rows.length).toBe(all.filter((e) => e.contractId).length);
    });

    it('the index refuses updates and deletes, as the events do', async () => {
      await expect(
        db.db.updateTable('audit_event_index').set({ actor_id: 'someone-else' }).where('seq', '=', 0).execute(),
      ).rejects.toThrow(/append-only/);
      await expect(db.db.deleteFrom('audit_event_index').where('seq', '=', 0).execute()).rejects.toThrow(/append-only/);
    });

    it('a second catch-up of the same range does nothing', async () => {
      await audit.recordMany([event(301)]); // one about a contract
      const [a, b] = await Promise.all([indexes(db.uow).catchUp(), indexes(db.uow).catchUp()]);
      expect([a, b]).toEqual([301, 301]);
      expect((await db.db.selectFrom('audit_event_index').select('seq').where('seq', '=', 300).execute()).length).toBe(
        1,
      );
    });
  });
}
