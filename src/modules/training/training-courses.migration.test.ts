import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const MIGRATION = '20261217T1200-training-courses';

// Contracts that existed before training was added get the course annex 6.4 names, every 12 Months.
for (const dialect of await dialectsUnderTest()) {
  describe(`the training courses migration (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('gives every existing contract the Secure information management course', async () => {
      const c = await aContract(t);
      const migrator = t.db.migrations.migrator();
      const names = (await migrator.getMigrations()).map((m) => m.name);
      expect((await migrator.migrateTo(names[names.indexOf(MIGRATION) - 1]!)).error).toBeUndefined();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const courses = await t.services.training.courses(c.contract.id);
      expect(courses.map((x) => [x.name, x.recurrenceMonths, x.agreement])).toEqual([
        ['Secure information management', 12, null],
      ]);
    });
  });
}
