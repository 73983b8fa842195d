import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const CONTRACTS = '20261211T1530-contract-division-reason';
const DEADLINES = '20261211T1531-deadline-moves';

// Contracts and deadlines stored before a division needed its reason keep every column, with no
// reason and no move recorded; down and up again lose nothing else.
for (const dialect of await dialectsUnderTest()) {
  describe(`the division reason and deadline move migrations (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('keeps every stored contract and deadline, down and up', async () => {
      const { contract } = await aContract(t, { workingDayDivision: 'scotland', workingDayDivisionReason: 'Clause 9' });
      const contractRow = () =>
        t.db.db.selectFrom('contracts').selectAll().where('id', '=', contract.id).executeTakeFirstOrThrow();
      const deadlineRows = () =>
        t.db.db.selectFrom('deadlines').selectAll().where('contract_id', '=', contract.id).execute();
      const [c, ds] = [await contractRow(), await deadlineRows()];
      expect(c.working_day_division_reason).toBe('Clause 9');
      expect(ds.map((d) => [d.division, d.division_reason, d.move_note])).toEqual([['scotland', 'Clause 9', null]]);

      const migrator = t.db.migrations.migrator();
      const names = (await migrator.getMigrations()).map((m) => m.name);
      expect(names.indexOf(DEADLINES)).toBeGreaterThan(names.indexOf(CONTRACTS));
      expect((await migrator.migrateTo(names[names.indexOf(CONTRACTS) - 1]!)).error).toBeUndefined();
      const { working_day_division_reason: _reason, ...contractRest } = c;
      // Later migrations' columns (a deadline's version or Variation) go down with these too.
      const deadlinesRest = ds.map(
        ({
          division_reason: _r,
          move_note: _m,
          belongs_to_type: _t,
          belongs_to_id: _i,
          belongs_to_label: _l,
          belongs_to_link: _k,
          ...rest
        }) => rest,
      );
      expect(await contractRow()).toEqual(contractRest);
      expect(await deadlineRows()).toEqual(deadlinesRest);

      expect((await migrator.migrateTo(DEADLINES)).error).toBeUndefined();
      expect(await contractRow()).toEqual({ ...contractRest, working_day_division_reason: null });
      expect(await deadlineRows()).toEqual(
        deadlinesRest.map((d) => ({ ...d, division_reason: null, move_note: null })),
      );
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    });
  });
}
