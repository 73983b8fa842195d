import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdmin } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, flashText, heading, inputValue, parse } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`organisation pages (${dialect})`, () => {
    let t: TestApp;
    let session: Awaited<ReturnType<typeof anAdmin>>;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      session = await anAdmin(t);
    });
    afterAll(async () => t?.close());

    const idFrom = (location: unknown) => /\/admin\/organisations\/([0-9a-f-]{36})$/.exec(String(location))?.[1];

    async function create(name: string, kind: string) {
      await session.agent.get('/admin/organisations/new');
      return session.agent.post('/admin/organisations', { name, kind });
    }

    it('adds an organisation, shows it, lists it and audits it as a privileged action', async () => {
      const res = await create('  Northwind Print Ltd ', 'agency');
      expect(res.statusCode).toBe(303);
      const id = idFrom(res.headers.location);
      expect(id).toBeDefined();
      const page = await session.agent.follow(res);
      expect(page.statusCode).toBe(200);
      expect(heading(page.body)).toBe('Northwind Print Ltd');
      expect(page.body).toContain('Agency (supplier)');
      expect(flashText(page.body)).toBe('Northwind Print Ltd was added');
      expect((await session.agent.get('/admin/organisations')).body).toContain('Northwind Print Ltd');

      const events = await t.services.audit.listRecent({ action: 'organisation.create', limit: 20 });
      const event = events.find((e) => e.resource_id === id)!;
      expect(event.actor_id).toBe(session.user.id);
      expect(Number(event.privileged)).toBe(1);
      expect(JSON.parse(event.details)).toEqual({ after: { name: 'Northwind Print Ltd', kind: 'agency' } });
    });

    it('refuses a duplicate name whatever its case or spacing, with the message and the input kept', async () => {
      expect((await create('Contoso Council', 'client')).statusCode).toBe(303);
      const before = (await t.services.organisations.list()).length;
      const res = await create('  CONTOSO council', 'client');
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toEqual(['An organisation with this name already exists']);
      expect(inputValue(res.body, 'name')).toBe('  CONTOSO council');
      expect(parse(res.body)('input[name="kind"][type="radio"][value="client"][checked]').length).toBeGreaterThan(0);
      expect((await t.services.organisations.list()).length).toBe(before);
    });

    it('names each missing field in the error summary', async () => {
      const res = await create('', '');
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toEqual(['Enter the organisation name', 'Select the kind of organisation']);
      expect(res.body).toContain('href="#name"');
      const long = await create('x'.repeat(201), 'nonsense');
      expect(errorSummary(long.body)).toEqual([
        'The organisation name must be 200 characters or fewer',
        'Select the kind of organisation',
      ]);
    });

    it('renames an organisation but never changes its kind', async () => {
      const id = idFrom((await create('Oversight Office', 'oversight')).headers.location)!;
      const form = await session.agent.get(`/admin/organisations/${id}/edit`);
      expect(inputValue(form.body, 'name')).toBe('Oversight Office');
      expect(form.body).not.toContain('name="kind"');
      const res = await session.agent.post(`/admin/organisations/${id}`, {
        name: 'Crown Oversight Office',
        kind: 'agency',
      });
      expect(res.statusCode).toBe(303);
      const org = await t.services.organisations.get(id);
      expect(org).toMatchObject({ name: 'Crown Oversight Office', kind: 'oversight' });
      expect(flashText((await session.agent.follow(res)).body)).toBe('The organisation was renamed');
      const event = (await t.services.audit.listRecent({ action: 'organisation.update', limit: 20 })).find(
        (e) => e.resource_id === id,
      )!;
      expect(JSON.parse(event.details)).toEqual({
        before: { name: 'Oversight Office' },
        after: { name: 'Crown Oversight Office' },
      });
    });

    it('refuses a rename onto another organisation’s name, keeping what was typed', async () => {
      await create('Fabrikam Ltd', 'agency');
      const id = idFrom((await create('Tailspin Ltd', 'agency')).headers.location)!;
      await session.agent.get(`/admin/organisations/${id}/edit`);
      const res = await session.agent.post(`/admin/organisations/${id}`, { name: 'FABRIKAM LTD' });
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toEqual(['An organisation with this name already exists']);
      expect(inputValue(res.body, 'name')).toBe('FABRIKAM LTD');
      expect((await t.services.organisations.get(id)).name).toBe('Tailspin Ltd');
      // Changing only the case of its own name is allowed.
      expect((await session.agent.post(`/admin/organisations/${id}`, { name: 'TAILSPIN Ltd' })).statusCode).toBe(303);
      expect((await t.services.organisations.get(id)).name).toBe('TAILSPIN Ltd');
    });

    it('answers 404 for an unknown or malformed id', async () => {
      expect((await session.agent.get('/admin/organisations/0190a0a0-0000-7000-8000-000000000000')).statusCode).toBe(
        404,
      );
      expect((await session.agent.get('/admin/organisations/not-an-id')).statusCode).toBe(404);
      await session.agent.get('/admin/organisations/new');
      expect(
        (await session.agent.post('/admin/organisations/0190a0a0-0000-7000-8000-000000000000', { name: 'Ghost' }))
          .statusCode,
      ).toBe(404);
    });
  });
}
