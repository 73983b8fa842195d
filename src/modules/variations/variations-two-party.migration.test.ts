import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const MIGRATION = '20261211T1700-variations-two-party';

// A Variation one party formalised alone before two-party formalisation keeps every column, with the
// new ones empty; down and up again lose nothing else.
for (const dialect of await dialectsUnderTest()) {
  describe(`the two-party Variations migration (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('keeps a Variation formalised before it, with the new columns empty, down and up', async () => {
      const c = await aContractWithLeads(t);
      const migrator = t.db.migrations.migrator();
      const names = (await migrator.getMigrations()).map((m) => m.name);
      expect(names).toContain(MIGRATION);
      const previous = names[names.indexOf(MIGRATION) - 1]!;
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      const old = {
        id: '01900000-0000-7000-8000-0000000000aa',
        contract_id: c.contract.id,
        number: 1,
        subject_type: 'smp',
        subject_id: '01900000-0000-7000-8000-0000000000ab',
        subject_ref: '01900000-0000-7000-8000-0000000000ac',
        subject_hash: 'a'.repeat(64),
        title: 'Cloud backups',
        rationale: 'Missing',
        changes: '["Security measures: changed"]',
        proposed_by_party: 'agency',
        status: 'formalised',
        fast_track: 0,
        proposed_by: c.manager.id,
        proposed_at: '2026-12-01T09:00:00.000Z',
        decided_by: c.rep.id,
        decided_at: '2026-12-02T09:00:00.000Z',
        decision_note: null,
        formal_reference: 'CCN-0001',
        formalised_by: c.rep.id,
        formalised_at: '2026-12-03T09:00:00.000Z',
        in_effect_at: '2026-12-03T09:00:00.000Z',
        updated_at: '2026-12-03T09:00:00.000Z',
      };
      const db = t.db.db;
      // Typed for the latest schema: this row has only the columns before the migration.
      await db
        .insertInto('variations')
        .values(old as never)
        .execute();
      const row = () => db.selectFrom('variations').selectAll().where('id', '=', old.id).executeTakeFirstOrThrow();

      expect((await migrator.migrateTo(MIGRATION)).error).toBeUndefined();
      expect(await row()).toEqual({
        ...old,
        formal_date: null,
        formal_proposed_by: null,
        formal_proposed_party: null,
        formal_proposed_at: null,
        formal_declined_by: null,
        formal_declined_at: null,
        formal_decline_reason: null,
        withdrawn_by: null,
        withdrawn_at: null,
        withdrawal_reason: null,
      });
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      expect(await row()).toEqual(old);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    });
  });
}
