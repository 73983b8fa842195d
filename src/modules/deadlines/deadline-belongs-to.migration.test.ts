import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const MIGRATION = '20261215T0910-deadline-belongs-to';
const system = { type: 'system' as const, name: 'test' };

// Deadlines stored before a clock could name its plan version or Variation keep every column and
// belong to nothing named; down and up again lose nothing else.
for (const dialect of await dialectsUnderTest()) {
  describe(`the deadline belongs-to migration (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('keeps every stored deadline down and up, and a reference written after it reads back', async () => {
      const c = await aContractWithLeads(t);
      const id = '01938f2e-0000-7000-8000-000000000001';
      const d = await t.services.deadlines.create(system, c.contract.id, {
        kind: 'smp.review',
        clause: 'A4.4.1',
        title: 'Review the plan',
        ownerParty: 'agency',
        belongsTo: {
          type: 'smp-version',
          id,
          label: 'Version 1',
          link: `/contracts/${c.contract.id}/smp/versions/${id}`,
        },
        triggerLabel: 'the first Approval',
        triggerDate: '2026-11-30',
        ruleKind: 'months',
        ruleCount: 12,
      });
      expect(d.belongsTo).toEqual({
        type: 'smp-version',
        id,
        label: 'Version 1',
        link: `/contracts/${c.contract.id}/smp/versions/${id}`,
      });
      const row = async () =>
        t.db.db.selectFrom('deadlines').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
      const before = await row();
      const migrator = t.db.migrations.migrator();
      const names = (await migrator.getMigrations()).map((m) => m.name);
      const previous = names[names.indexOf(MIGRATION) - 1]!;
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      const { belongs_to_type, belongs_to_id, belongs_to_label, belongs_to_link, ...rest } = before;
      expect([belongs_to_type, belongs_to_id, belongs_to_label]).toEqual(['smp-version', id, 'Version 1']);
      expect(belongs_to_link).toContain('/smp/versions/');
      expect(await row()).toEqual(rest);

      expect((await migrator.migrateTo(MIGRATION)).error).toBeUndefined();
      expect(await row()).toEqual({
        ...rest,
        belongs_to_type: null,
        belongs_to_id: null,
        belongs_to_label: null,
        belongs_to_link: null,
      });
      expect((await t.services.deadlines.get(d.id)).belongsTo).toBeNull();
      // Migrating up to the newest again leaves the database as the app expects.
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    });

    it('refuses a link outside the contract’s pages', async () => {
      const c = await aContractWithLeads(t);
      await expect(
        t.services.deadlines.create(system, c.contract.id, {
          kind: 'smp.review',
          clause: 'A4.4.1',
          title: 'Review the plan',
          ownerParty: 'agency',
          belongsTo: {
            type: 'variation',
            id: '01938f2e-0000-7000-8000-000000000001',
            label: 'Variation 1',
            link: 'https://example.invalid/',
          },
          triggerLabel: 'the first Approval',
          triggerDate: '2026-11-30',
          ruleKind: 'months',
          ruleCount: 12,
        }),
      ).rejects.toMatchObject({ fields: { 'belongsTo.link': 'The link must be a page of the contract' } });
    });
  });
}
