import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const MIGRATION = '20261216T1402-variations-fast-track-reason';

// A Variation fast-tracked before the Client had to say why keeps every column, with no reason; down
// and up again lose nothing else.
for (const dialect of await dialectsUnderTest()) {
  describe(`the fast-track reason migration (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('keeps a Variation fast-tracked before it, with no reason, down and up', async () => {
      const c = await aContractWithLeads(t);
      const migrator = t.db.migrations.migrator();
      const names = (await migrator.getMigrations()).map((m) => m.name);
      const previous = names[names.indexOf(MIGRATION) - 1]!;
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      const old = {
        id: '01900000-0000-7000-8000-0000000000ba',
        contract_id: c.contract.id,
        number: 1,
        subject_type: 'smp',
        subject_id: '01900000-0000-7000-8000-0000000000bb',
        subject_ref: '01900000-0000-7000-8000-0000000000bc',
        subject_hash: 'b'.repeat(64),
        title: 'Patch faster',
        rationale: 'New threats',
        changes: '["Security measures: changed"]',
        proposed_by_party: 'agency',
        status: 'agreed',
        fast_track: 1,
        proposed_by: c.manager.id,
        proposed_at: '2026-12-01T09:00:00.000Z',
        decided_by: c.rep.id,
        decided_at: '2026-12-02T09:00:00.000Z',
        decision_note: null,
        formal_reference: null,
        formalised_by: null,
        formalised_at: null,
        in_effect_at: '2026-12-02T09:00:00.000Z',
        updated_at: '2026-12-02T09:00:00.000Z',
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
      };
      const db = t.db.db;
      // Typed for the latest schema: this row has only the columns before the migration.
      await db
        .insertInto('variations')
        .values(old as never)
        .execute();
      const row = () => db.selectFrom('variations').selectAll().where('id', '=', old.id).executeTakeFirstOrThrow();

      expect((await migrator.migrateTo(MIGRATION)).error).toBeUndefined();
      expect(await row()).toEqual({ ...old, fast_track_reason: null });
      expect((await t.services.variations.get(c.contract.id, old.id)).fastTrack).toBe(true);
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      expect(await row()).toEqual(old);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    });
  });
}
