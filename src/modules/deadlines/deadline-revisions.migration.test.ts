import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const MIGRATION = '20261210T0900-deadline-revisions';
const admin = { type: 'system' as const, name: 'test' };

// Deadlines stored before the revision counter keep every column and start counting at 0 (what the
// feed said of them until now); down and up again lose nothing else.
for (const dialect of await dialectsUnderTest()) {
  describe(`the deadline revisions migration (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('keeps every stored deadline, counting from 0, down and up', async () => {
      const c = await aContractWithLeads(t);
      const d = await t.services.deadlines.create(admin, c.contract.id, {
        kind: 'custom',
        clause: 'B6.2',
        title: 'Send the plan',
        ownerParty: 'agency',
        ownerUserId: null,
        triggerLabel: 'the Start Date',
        triggerDate: '2026-11-30',
        ruleKind: 'working-days',
        ruleCount: 20,
      });
      t.clock.advanceMinutes(5);
      await t.services.deadlines.waive(c.clientActor, d.id, { reason: 'Not needed' });
      const row = async () =>
        t.db.db.selectFrom('deadlines').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
      const before = await row();
      expect(before).toMatchObject({ status: 'waived', revision: 1, updated_at: '2026-11-30T09:05:00.000Z' });

      const migrator = t.db.migrations.migrator();
      const names = (await migrator.getMigrations()).map((m) => m.name);
      const previous = names[names.indexOf(MIGRATION) - 1]!;
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      // Later migrations' columns (moves, belongs-to) go down with it too: compare what this one knew.
      const {
        revision: _dropped,
        division_reason: _reason,
        move_note: _note,
        belongs_to_type: _t,
        belongs_to_id: _i,
        belongs_to_label: _l,
        belongs_to_link: _k,
        ...rest
      } = before;
      expect(await row()).toEqual(rest);

      expect((await migrator.migrateTo(MIGRATION)).error).toBeUndefined();
      expect(await row()).toEqual({ ...rest, revision: 0 });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    });
  });
}
