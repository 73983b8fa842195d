import { NO_MIGRATIONS } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from './support/databases.ts';

/** The app's own tables (Kysely's bookkeeping tables left out). */
async function appTables(db: TestDatabase): Promise<string[]> {
  const tables = await db.db.introspection.getTables();
  return tables
    .map((t) => t.name)
    .filter((n) => !n.startsWith('kysely_'))
    .sort();
}

for (const dialect of await dialectsUnderTest()) {
  describe(`migrations (${dialect})`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => {
      await db?.drop();
      db = undefined;
    });

    it('migrates an empty database to the latest, leaving nothing pending', async () => {
      db = await createTestDatabase(dialect, { migrate: false });
      const before = await db.migrations.status();
      expect(before.length).toBeGreaterThan(0);
      expect(before.every((m) => m.executedAt === undefined)).toBe(true);
      // Timestamp-prefixed names, in the order they were written.
      const names = before.map((m) => m.name);
      expect(names).toEqual([...names].sort());
      for (const name of names) expect(name).toMatch(/^\d{8}T\d{4}-[a-z0-9-]+$/);

      const result = await db.migrations.toLatest();
      expect(result.error).toBeUndefined();
      expect(result.results?.map((r) => r.status)).toEqual(names.map(() => 'Success'));
      expect((await db.migrations.status()).filter((m) => !m.executedAt)).toEqual([]);
      expect(await appTables(db)).toEqual(
        expect.arrayContaining([
          'audit_events',
          'organisations',
          'users',
          'sessions',
          'contracts',
          'memberships',
          'api_tokens',
        ]),
      );
      // Running again is a no-op.
      expect((await db.migrations.toLatest()).results).toEqual([]);
    });

    it('migrates all the way down and up again, one step at a time', async () => {
      db = await createTestDatabase(dialect, { migrate: false });
      await db.migrations.toLatest();
      const latestTables = await appTables(db);
      const migrator = db.migrations.migrator();
      const total = (await db.migrations.status()).length;

      // Each down() runs against the schema the later migrations left, newest first.
      for (let left = total - 1; left >= 0; left--) {
        const down = await migrator.migrateDown();
        expect(down.error, `down to ${left}`).toBeUndefined();
        expect((await db.migrations.status()).filter((m) => m.executedAt).length).toBe(left);
      }
      expect(await appTables(db)).toEqual([]);
      expect((await migrator.migrateDown()).results).toEqual([]);

      for (let done = 1; done <= total; done++) {
        const up = await migrator.migrateUp();
        expect(up.error, `up to ${done}`).toBeUndefined();
      }
      expect((await db.migrations.status()).filter((m) => !m.executedAt)).toEqual([]);
      expect(await appTables(db)).toEqual(latestTables);

      // And in one go, both ways.
      expect((await migrator.migrateTo(NO_MIGRATIONS)).error).toBeUndefined();
      expect(await appTables(db)).toEqual([]);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await appTables(db)).toEqual(latestTables);
    });

    it('leaves a working schema after a round trip (a row can be written and read)', async () => {
      db = await createTestDatabase(dialect, { migrate: false });
      await db.migrations.toLatest();
      await db.migrations.migrator().migrateTo(NO_MIGRATIONS);
      await db.migrations.toLatest();
      const now = '2026-11-30T09:00:00.000Z';
      await db.db
        .insertInto('organisations')
        .values({
          id: '0190a0a0-0000-7000-8000-000000000001',
          name: 'Round Trip',
          name_key: 'round trip',
          kind: 'agency',
          created_at: now,
          updated_at: now,
        })
        .execute();
      expect((await db.db.selectFrom('organisations').select('name').execute()).map((r) => r.name)).toEqual([
        'Round Trip',
      ]);
      // The kind constraint survived the round trip.
      await expect(
        db.db
          .insertInto('organisations')
          .values({
            id: '0190a0a0-0000-7000-8000-000000000002',
            name: 'Bad',
            name_key: 'bad',
            kind: 'nonsense' as 'agency',
            created_at: now,
            updated_at: now,
          })
          .execute(),
      ).rejects.toThrow();
    });
  });
}
