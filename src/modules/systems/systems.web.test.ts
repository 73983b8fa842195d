import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const system = { type: 'system' as const, name: 'test' };
const form = {
  name: 'Case management',
  owner: 'Agency platform team',
  hosting: 'Microsoft Azure UK South',
  holdsGovernmentData: 'yes',
  privileged: 'yes',
  clearance: 'SC',
  notes: '',
};

for (const dialect of await dialectsUnderTest()) {
  describe(`systems pages and API (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function parties() {
      const c = await aContractWithLeads(t);
      const staff = await aUser(t, c.agency.id);
      await t.services.contracts.grant(system, c.contract.id, { userId: staff.id, role: 'agency-staff' });
      return {
        c,
        manager: (await signIn(t, c.manager.email)).agent,
        rep: (await signIn(t, c.rep.email)).agent,
        staff: (await signIn(t, staff.email)).agent,
      };
    }

    it('lets the security manager add a system through the form, keeping the input when something is missing', async () => {
      const { c, manager } = await parties();
      const url = `/contracts/${c.contract.id}/systems`;
      const $new = cheerio.load((await manager.get(`${url}/new`)).body);
      expect($new('h1').text().trim()).toBe('Add a system');
      expect($new('input[name="clearance"]').length).toBe(10);

      const missing = await manager.post(url, { ...form, owner: '', clearance: '' });
      expect(missing.statusCode).toBe(422);
      const $err = cheerio.load(missing.body);
      expect(
        $err('.govuk-error-summary__list a')
          .map((_, a) => $err(a).text().trim())
          .get(),
      ).toEqual(['Enter who owns the system', 'Select the clearance its roles need']);
      expect($err('input[name="name"]').val()).toBe('Case management');
      expect($err('input[name="privileged"][value="yes"]').is(':checked')).toBe(true);

      const added = await manager.post(url, form);
      expect(added.statusCode).toBe(303);
      const $list = cheerio.load((await manager.follow(added)).body);
      expect($list('.govuk-notification-banner').text()).toContain('Case management was added to the register');
      const row = $list('#in-service-caption').closest('table').find('tbody tr').first();
      expect(
        row
          .find('td')
          .map((_, td) => $list(td).text().trim())
          .get()
          .slice(0, 6),
      ).toEqual([
        'Case management',
        'Agency platform team',
        'Microsoft Azure UK South',
        'Holds it',
        'Privileged',
        'SC (Security Check)',
      ]);
    });

    it('changes and retires a system; a retired one is listed apart and offers no actions', async () => {
      const { c, manager } = await parties();
      const s = await t.services.systems.create(c.agencyActor, c.contract.id, form);
      const url = `/contracts/${c.contract.id}/systems`;
      const $edit = cheerio.load((await manager.get(`${url}/${s.id}/edit`)).body);
      expect($edit('input[name="owner"]').val()).toBe('Agency platform team');
      expect($edit('input[name="clearance"][value="SC"]').is(':checked')).toBe(true);
      const changed = await manager.post(`${url}/${s.id}`, { ...form, owner: 'Service desk' });
      expect(changed.statusCode).toBe(303);
      expect((await t.services.systems.get(c.contract.id, s.id)).owner).toBe('Service desk');

      const retired = await manager.post(`${url}/${s.id}/retire`, {});
      expect(retired.statusCode).toBe(303);
      const $list = cheerio.load((await manager.follow(retired)).body);
      expect($list('#in-service-caption').length).toBe(0);
      const rows = $list('#retired-caption').closest('table').find('tbody tr');
      expect(rows.length).toBe(1);
      expect(rows.find('form, a').length).toBe(0);
      // Retiring twice says why, rather than failing.
      expect((await manager.post(`${url}/${s.id}/retire`, {})).statusCode).toBe(409);
    });

    it('shows the Client the register without the means to change it, and keeps Agency staff out', async () => {
      const { c, rep, staff } = await parties();
      await t.services.systems.create(c.agencyActor, c.contract.id, form);
      const url = `/contracts/${c.contract.id}/systems`;
      const $ = cheerio.load((await rep.get(url)).body);
      expect($('tbody tr').length).toBe(1);
      expect($('a[href$="/systems/new"], form[action*="/retire"], a[href*="/retire"]').length).toBe(0);
      expect((await rep.post(url, form)).statusCode).toBe(403);
      expect((await staff.get(url)).statusCode).toBe(403);
    });

    it('lists the register over the API for a token of a role that may read it', async () => {
      const { c } = await parties();
      const s = await t.services.systems.create(c.agencyActor, c.contract.id, form);
      const admin = { type: 'user' as const, userId: c.manager.id, organisationId: c.agency.id, privileged: true };
      const token = async (role: string) =>
        (
          await t.services.apiTokens.create(admin, {
            name: `${role} token`,
            contractId: c.contract.id,
            role,
            expiresOn: '2027-06-30',
          })
        ).secret;
      const get = async (role: string) =>
        t.app.inject({
          method: 'GET',
          url: `/api/v1/contracts/${c.contract.id}/systems`,
          headers: { authorization: `Bearer ${await token(role)}` },
        });
      const res = await get('auditor');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        data: [
          {
            id: s.id,
            name: 'Case management',
            owner: 'Agency platform team',
            hosting: 'Microsoft Azure UK South',
            holdsGovernmentData: true,
            privileged: true,
            clearance: 'SC',
            notes: '',
            createdAt: s.createdAt,
            updatedAt: s.updatedAt,
            retiredAt: null,
          },
        ],
      });
      expect((await get('agency-staff')).statusCode).toBe(403);
    });
  });
}
