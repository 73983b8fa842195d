import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { MODULES, PERMISSIONS, type Database } from '../src/modules.ts';
import { permissionsMarkdown } from '../src/platform/auth/index.ts';
import { withModuleTable } from '../src/platform/modules/index.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from './support/databases.ts';
import { buildTestApp, type TestApp } from './support/test-app.ts';

describe('the module list', () => {
  it('docs/permissions.md is the catalogue the code enforces (run `npm run docs` after a change)', () => {
    const onDisk = fs.readFileSync(new URL('../docs/permissions.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(permissionsMarkdown(PERMISSIONS));
  });

  it('the module table in docs/architecture.md is the module list (run `npm run docs` after a change)', () => {
    const onDisk = fs.readFileSync(new URL('../docs/architecture.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(withModuleTable(onDisk, MODULES));
  });

  it('composes the Database type from every module’s tables (checked by the compiler)', () => {
    expectTypeOf<Database['audit_events']['seq']>().toEqualTypeOf<number>();
    expectTypeOf<Database['systems']['clearance']>().toEqualTypeOf<string>();
    expect(MODULES.flatMap((m) => m.tables.names).length).toBeGreaterThan(30);
  });

  it('every module has a migrations folder of its own', () => {
    for (const m of MODULES) expect(fs.existsSync(m.migrations), m.name).toBe(true);
    expect(new Set(MODULES.map((m) => m.migrations)).size).toBe(MODULES.length);
  });
});

for (const dialect of await dialectsUnderTest()) {
  describe(`tables and their owners (${dialect})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(dialect);
    });
    afterAll(async () => db?.drop());

    it('every table the migrations create is owned by exactly one module, and every owned table exists', async () => {
      const created = (await db.db.introspection.getTables())
        .map((t) => t.name)
        .filter((n) => !n.startsWith('kysely_'))
        .sort();
      const owned = MODULES.flatMap((m) => m.tables.names).sort();
      expect(new Set(owned).size).toBe(owned.length);
      expect(created).toEqual(owned);
    });
  });

  describe(`the app's routes and the catalogue (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('every route names a permission in the catalogue, and every module permission guards a route', () => {
      const used = new Set(t.app.routeCatalogue.map((r) => r.permission));
      for (const r of t.app.routeCatalogue) expect(PERMISSIONS.has(r.permission), `${r.method} ${r.url}`).toBe(true);
      for (const p of PERMISSIONS.entries) expect(used.has(p.name), p.name).toBe(true);
    });
  });
}
