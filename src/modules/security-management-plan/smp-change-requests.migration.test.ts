import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { anApprovedFirstPlan } from '../../../test/support/smp-plans.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const REQUESTS = '20261216T1400-smp-change-requests';
const FORMALISE = '20261216T1401-smp-formalise-within';

// The Client's change requests get their own table, and plans a formalisation period: a plan stored
// before either keeps every column and gets the default of 15 Working Days; down and up lose nothing else.
for (const dialect of await dialectsUnderTest()) {
  describe(`the change requests and formalisation period migrations (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('adds the table and the column with its default to plans stored before, down and up', async () => {
      const c = await aContractWithLeads(t);
      await anApprovedFirstPlan(t, c);
      await t.services.smpChangeRequests.request(c.clientActor, c.contract.id, { what: 'Add MFA', why: 'Policy' });
      const db = t.db.db;
      const plan = () =>
        db.selectFrom('smp_plans').selectAll().where('contract_id', '=', c.contract.id).executeTakeFirstOrThrow();
      const requests = () => db.selectFrom('smp_change_requests').select('number').execute();
      const { formalise_within_days, ...before } = await plan();
      expect(formalise_within_days).toBe(15);
      expect(await requests()).toEqual([{ number: 1 }]);

      const migrator = t.db.migrations.migrator();
      const names = (await migrator.getMigrations()).map((m) => m.name);
      expect(names.indexOf(FORMALISE)).toBe(names.indexOf(REQUESTS) + 1);
      const previous = names[names.indexOf(REQUESTS) - 1]!;
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      expect(await plan()).toEqual(before);
      await expect(requests()).rejects.toThrow();

      expect((await migrator.migrateTo(REQUESTS)).error).toBeUndefined();
      expect(await requests()).toEqual([]);
      expect(await plan()).toEqual(before);
      expect((await migrator.migrateTo(FORMALISE)).error).toBeUndefined();
      expect(await plan()).toEqual({ ...before, formalise_within_days: 15 });
      // Migrating up to the newest again leaves the database as the app expects.
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await t.services.smpChangeRequests.request(c.clientActor, c.contract.id, { what: 'Add MFA', why: 'Policy' });
      expect(await requests()).toEqual([{ number: 1 }]);
    });
  });
}
