import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const MIGRATION = '20261216T1001-smp-dispute-two-party';

// An outcome recorded before both parties had to record it was the Client's Representative's alone and
// always called for a resubmission: up, it reads as amend-and-resubmit recorded by the Client with no
// confirmer; down, it is as it was. An open dispute keeps every column.
for (const dialect of await dialectsUnderTest()) {
  describe(`the two-party dispute migration (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('reads an older outcome as recorded by the Client, and goes down and up again without loss', async () => {
      const c = await aContractWithLeads(t);
      const plan = await t.services.smp.ensurePlan(c.contract.id);
      const versionId = (await t.services.smp.overview(c.contract.id)).versions[0]!.id;
      const migrator = t.db.migrations.migrator();
      const names = (await migrator.getMigrations()).map((m) => m.name);
      expect((await migrator.migrateTo(names[names.indexOf(MIGRATION) - 1]!)).error).toBeUndefined();
      const old = {
        plan_id: plan.id,
        version_id: versionId,
        opened_at: '2026-12-03T10:00:00.000Z',
      };
      await t.db.db
        .insertInto('smp_disputes')
        .values([
          {
            ...old,
            id: '01938f2e-0000-7000-8000-0000000000a1',
            status: 'resolved',
            resolution: 'Resubmit with backups.',
            resolved_at: '2026-12-20T10:00:00.000Z',
            resolved_by: c.rep.id,
          },
          { ...old, id: '01938f2e-0000-7000-8000-0000000000a2', status: 'open' },
        ] as never)
        .execute();
      const rows = () => t.db.db.selectFrom('smp_disputes').selectAll().orderBy('id').execute();
      const before = await rows();

      expect((await migrator.migrateTo(MIGRATION)).error).toBeUndefined();
      const [resolved, open] = await rows();
      expect(resolved).toEqual({
        ...before[0],
        outcome: 'amend-and-resubmit',
        recorded_by: c.rep.id,
        recorded_at: '2026-12-20T10:00:00.000Z',
        recorded_party: 'client',
        resolved_by: null,
        resubmit_by: null,
        declined_by: null,
        declined_at: null,
        decline_reason: null,
      });
      expect(open).toMatchObject({ ...before[1], outcome: null, recorded_by: null });

      expect((await migrator.migrateTo(names[names.indexOf(MIGRATION) - 1]!)).error).toBeUndefined();
      expect(await rows()).toEqual(before);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    });
  });
}
