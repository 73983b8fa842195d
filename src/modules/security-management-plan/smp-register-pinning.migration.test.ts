import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const FINDINGS = '20261216T1741-smp-submitted-findings';
const CLIENT_HOLDS = '20261216T1742-smp-document-client-holds';

// A version submitted and a document registered before these migrations keep every column, with
// the new ones empty; down and up again lose nothing else.
for (const dialect of await dialectsUnderTest()) {
  describe(`the submitted-findings and client-holds migrations (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('keeps a submitted version and a registered document, with the new columns empty, down and up', async () => {
      const c = await aContractWithLeads(t);
      const db = t.db.db;
      const plan = await db
        .selectFrom('smp_plans')
        .select('id')
        .where('contract_id', '=', c.contract.id)
        .executeTakeFirstOrThrow();
      const migrator = t.db.migrations.migrator();
      const names = (await migrator.getMigrations()).map((m) => m.name);
      expect(names).toContain(FINDINGS);
      expect(names).toContain(CLIENT_HOLDS);
      const previous = names[names.indexOf(FINDINGS) - 1]!;
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();

      const version = {
        id: '01900000-0000-7000-8000-0000000000ba',
        plan_id: plan.id,
        number: 7,
        status: 'submitted',
        based_on_version_id: null,
        content: '{"sections":[],"roles":[],"thirdParties":[]}',
        content_hash: 'b'.repeat(64),
        submitted_at: '2026-12-01T09:00:00.000Z',
        submitted_by: c.manager.id,
        created_at: '2026-12-01T08:00:00.000Z',
        created_by: c.manager.id,
        updated_at: '2026-12-01T09:00:00.000Z',
      };
      const document = {
        id: '01900000-0000-7000-8000-0000000000bb',
        contract_id: c.contract.id,
        title: 'Incident procedure',
        version: '3',
        owner: 'Agency',
        location: 'Shelf 2',
        both_parties_hold: 1,
        created_at: '2026-12-01T08:00:00.000Z',
        created_by: c.manager.id,
        removed_at: null,
      };
      // Typed for the latest schema: these rows have only the columns before the migrations.
      await db
        .insertInto('smp_versions')
        .values(version as never)
        .execute();
      await db
        .insertInto('smp_documents')
        .values(document as never)
        .execute();
      const rows = async () => ({
        version: await db.selectFrom('smp_versions').selectAll().where('id', '=', version.id).executeTakeFirstOrThrow(),
        document: await db
          .selectFrom('smp_documents')
          .selectAll()
          .where('id', '=', document.id)
          .executeTakeFirstOrThrow(),
      });

      expect((await migrator.migrateTo(CLIENT_HOLDS)).error).toBeUndefined();
      expect(await rows()).toEqual({
        version: { ...version, submitted_findings: null },
        document: {
          ...document,
          client_holds: null,
          client_holds_reason: null,
          client_holds_by: null,
          client_holds_at: null,
        },
      });
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      expect(await rows()).toEqual({ version, document });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    });
  });
}
