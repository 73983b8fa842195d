import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ConflictError } from '../../platform/kernel/index.ts';
import { ImportGoneError } from './staff-import.service.ts';

const file = (...lines: string[]) => ({ fileName: 'hr.csv', bytes: Buffer.from(lines.join('\n')) });
const HEADER = 'Employee ID,Full name,Work email,Employer,Job title,Start date,End date';

for (const dialect of await dialectsUnderTest()) {
  describe(`importing staff from CSV (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('previews without changing anything, then applies every addition and change in one go, with its audit events', async () => {
      const c = await aContractWithLeads(t);
      const imports = t.services.personnel.imports;
      const alice = await t.services.personnel.create(c.agencyActor, c.contract.id, {
        name: 'Alice Ng',
        email: 'alice@agency.example',
        employer: 'agency',
        jobTitle: 'Engineer',
        startDate: '2026-03-01',
        externalId: 'E1',
      });
      const staged = await imports.preview(
        c.agencyActor,
        c.contract.id,
        file(
          HEADER,
          'E1,Alice Ng,alice@agency.example,,Lead engineer,2026-03-01,31/12/2026',
          'E2,Bob Jones,bob@acme.example,Acme Cloud,Analyst,1 April 2026,',
        ),
      );
      expect(staged.preview).toMatchObject({
        rows: 2,
        unchanged: 0,
        errors: [],
        dateFormats: { 'DD/MM/YYYY': 1, 'D MMMM YYYY': 1 },
      });
      expect(await t.services.personnel.list(c.contract.id)).toHaveLength(1);
      // Only its importer can see or apply it.
      await expect(imports.find(c.clientActor, c.contract.id, staged.id)).rejects.toBeInstanceOf(ImportGoneError);

      expect(await imports.apply(c.agencyActor, c.contract.id, staged.id)).toEqual({
        fileName: 'hr.csv',
        added: 1,
        changed: 1,
        unchanged: 0,
      });
      const people = await t.services.personnel.list(c.contract.id);
      expect(people.map((p) => [p.name, p.jobTitle, p.subcontractor, p.endDate, p.externalId])).toEqual([
        ['Alice Ng', 'Lead engineer', null, '2026-12-31', 'E1'],
        ['Bob Jones', 'Analyst', 'Acme Cloud', null, 'E2'],
      ]);
      const events = (await t.services.audit.listRecent({ contractId: c.contract.id, limit: 10 })).map((e) => ({
        action: e.action,
        resource: e.resource_id,
        details: JSON.parse(e.details) as Record<string, unknown>,
      }));
      expect(events.find((e) => e.action === 'personnel.import')!.details).toEqual({
        fileName: 'hr.csv',
        added: 1,
        changed: 1,
        unchanged: 0,
      });
      expect(events.find((e) => e.action === 'person.update' && e.resource === alice.id)!.details).toEqual({
        import: staged.id,
        before: { jobTitle: 'Engineer', endDate: null },
        after: { jobTitle: 'Lead engineer', endDate: '2026-12-31' },
      });
      const bobAdded = events.find((e) => e.action === 'person.create')!.details;
      expect(bobAdded).toEqual({
        import: staged.id,
        after: expect.objectContaining({ name: 'Bob Jones', employer: 'Acme Cloud', externalId: 'E2' }),
      });
      // Applied once only.
      await expect(imports.apply(c.agencyActor, c.contract.id, staged.id)).rejects.toBeInstanceOf(ImportGoneError);
    });

    it('applies nothing when the file has errors, or when the register changed after the preview', async () => {
      const c = await aContractWithLeads(t);
      const imports = t.services.personnel.imports;
      const broken = await imports.preview(
        c.agencyActor,
        c.contract.id,
        file(
          HEADER,
          'E1,Ann,ann@agency.example,,Eng,2026-01-01,',
          'E2,Ben,ben@agency.example,,Eng,2026-02-01,2026-01-01',
        ),
      );
      expect(broken.preview.errors).toEqual([
        { line: 3, name: 'Ben', messages: ['End date is before the start date'] },
      ]);
      await expect(imports.apply(c.agencyActor, c.contract.id, broken.id)).rejects.toMatchObject({
        code: 'personnel_import_has_errors',
      });
      expect(await t.services.personnel.list(c.contract.id)).toEqual([]);

      const good = await imports.preview(
        c.agencyActor,
        c.contract.id,
        file(HEADER, 'E1,Ann,ann@agency.example,,Eng,2026-01-01,'),
      );
      await t.services.personnel.create(c.agencyActor, c.contract.id, {
        name: 'Cat',
        email: 'cat@agency.example',
        employer: 'agency',
        jobTitle: 'Eng',
        startDate: '2026-01-01',
      });
      const stale = await imports.apply(c.agencyActor, c.contract.id, good.id).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(ConflictError);
      expect(stale).toMatchObject({ code: 'personnel_import_stale' });
      expect((await t.services.personnel.list(c.contract.id)).map((p) => p.name)).toEqual(['Cat']);

      // Two people swapping emails: each row's employee ID and email name different people, so both are refused.
      const dan = await t.services.personnel.create(c.agencyActor, c.contract.id, {
        name: 'Dan',
        email: 'dan@agency.example',
        employer: 'agency',
        jobTitle: 'Eng',
        startDate: '2026-01-01',
        externalId: 'D',
      });
      await t.services.personnel.update(
        c.agencyActor,
        c.contract.id,
        (await t.services.personnel.list(c.contract.id))[0]!.id,
        {
          name: 'Cat',
          email: 'cat@agency.example',
          employer: 'agency',
          jobTitle: 'Eng',
          startDate: '2026-01-01',
          externalId: 'C',
        },
      );
      const swap = await imports.preview(
        c.agencyActor,
        c.contract.id,
        file(HEADER, 'C,Cat,dan@agency.example,,Eng,2026-01-01,', 'D,Dan,cat@agency.example,,Eng,2026-01-01,'),
      );
      expect(swap.preview.errors.map((e) => e.messages)).toEqual([
        ['Employee ID C is Cat’s, but the work email is Dan’s'],
        ['Employee ID D is Dan’s, but the work email is Cat’s'],
      ]);
      await expect(imports.apply(c.agencyActor, c.contract.id, swap.id)).rejects.toMatchObject({
        code: 'personnel_import_has_errors',
      });
      expect((await t.services.personnel.get(c.contract.id, dan.id)).email).toBe('dan@agency.example');
    });
  });
}
