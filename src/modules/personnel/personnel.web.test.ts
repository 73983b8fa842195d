import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, anOrganisation, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, flashText, heading, pageText, parse } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const system = { type: 'system' as const, name: 'test' };
const form = {
  name: 'Alice Ng',
  email: 'alice@agency.example',
  employer: 'agency',
  subcontractor: '',
  jobTitle: 'Platform engineer',
  'startDate-day': '1',
  'startDate-month': '3',
  'startDate-year': '2026',
  'endDate-day': '',
  'endDate-month': '',
  'endDate-year': '',
  externalId: '',
  userId: '',
};
const check = (method: string) => ({
  outcome: 'passed',
  'checkedOn-day': '20',
  'checkedOn-month': '2',
  'checkedOn-year': '2026',
  checkedBy: 'HR team',
  method,
  evidenceRef: 'Workday case 7',
});

for (const dialect of await dialectsUnderTest()) {
  describe(`Agency Staff pages (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function parties() {
      const oversight = await anOrganisation(t, 'oversight');
      const c = await aContractWithLeads(t, { oversightOrganisationId: oversight.id, oversightMayEnforce: 'yes' });
      const roleHolder = async (
        org: string,
        role: 'client-viewer' | 'auditor' | 'agency-staff' | 'oversight-viewer',
      ) => {
        const u = await aUser(t, org);
        await t.services.contracts.grant(system, c.contract.id, { userId: u.id, role });
        return (await signIn(t, u.email)).agent;
      };
      return {
        c,
        url: `/contracts/${c.contract.id}/personnel`,
        manager: (await signIn(t, c.manager.email)).agent,
        rep: (await signIn(t, c.rep.email)).agent,
        viewer: await roleHolder(c.client.id, 'client-viewer'),
        auditor: await roleHolder(c.client.id, 'auditor'),
        staff: await roleHolder(c.agency.id, 'agency-staff'),
        oversightViewer: await roleHolder(oversight.id, 'oversight-viewer'),
      };
    }

    it('lets the security manager add a person through the form, keeping the input and naming every problem', async () => {
      const { c, url, manager } = await parties();
      const $new = parse((await manager.get(`${url}/new`)).body);
      expect($new('h1').text().trim()).toBe('Add a person');
      const bad = await manager.post(url, {
        ...form,
        email: 'nope',
        employer: 'subcontractor',
        'startDate-day': '31',
        'startDate-month': '2',
        'endDate-day': '1',
        'endDate-month': '1',
        'endDate-year': '2025',
      });
      expect(bad.statusCode).toBe(422);
      expect(errorSummary(bad.body)).toEqual([
        'Enter an email address in the correct format, like name@example.com',
        'Their start date must be a real date',
        'Enter the Subcontractor’s name',
      ]);
      const $bad = parse(bad.body);
      expect($bad('input[name="name"]').val()).toBe('Alice Ng');
      expect($bad('input[name="employer"][value="subcontractor"]').is(':checked')).toBe(true);
      const added = await manager.post(url, {
        ...form,
        'endDate-day': '31',
        'endDate-month': '12',
        'endDate-year': '2026',
      });
      expect(added.statusCode).toBe(303);
      const person = await manager.follow(added);
      expect(heading(person.body)).toBe('Alice Ng');
      expect(flashText(person.body)).toContain('Alice Ng was added to the register');
      expect(pageText(person.body)).toContain('Status Leaving');
      const people = await t.services.personnel.list(c.contract.id);
      expect(people.map((p) => [p.name, p.endDate, p.status])).toEqual([['Alice Ng', '2026-12-31', 'leaving']]);
    });

    it('changes a person, and lists and filters the register in a stacking table', async () => {
      const { c, url, manager } = await parties();
      const p = await t.services.personnel.create(c.agencyActor, c.contract.id, {
        ...form,
        startDate: '2026-03-01',
      });
      await t.services.personnel.create(c.agencyActor, c.contract.id, {
        ...form,
        name: 'Bob Jones',
        email: 'bob@acme.example',
        employer: 'subcontractor',
        subcontractor: 'Acme Cloud',
        startDate: '2027-01-04',
      });
      const $edit = parse((await manager.get(`${url}/${p.id}/edit`)).body);
      expect($edit('input[name="startDate-month"]').val()).toBe('3');
      const changed = await manager.post(`${url}/${p.id}`, { ...form, jobTitle: 'Lead engineer', leaving: 'yes' });
      expect(changed.statusCode).toBe(303);
      expect((await t.services.personnel.get(c.contract.id, p.id)).status).toBe('leaving');

      const $list = parse((await manager.get(url)).body);
      const rows = $list('table.custodian-table--stack tbody tr');
      expect(rows.length).toBe(2);
      expect(
        rows
          .first()
          .find('td')
          .map((_, td) => `${$list(td).attr('data-label')}: ${$list(td).text().trim()}`)
          .get(),
      ).toEqual([
        'Name: Alice Ng',
        `Employer: ${c.agency.name}`,
        'Role: Lead engineer',
        'Start date: 1 March 2026',
        'End date: Not set',
        'Status: Leaving',
        'Pre-employment checks: Missing: Identity, unspent criminal convictions, right to work',
      ]);
      const names = async (q: string) => {
        const $ = parse((await manager.get(`${url}?${q}`)).body);
        return $('tbody tr td:first-child a')
          .map((_, a) => $(a).text())
          .get();
      };
      expect(await names('status=joining')).toEqual(['Bob Jones']);
      expect(await names('employer=agency')).toEqual(['Alice Ng']);
      expect(await names('employer=Acme%20Cloud&status=leaving')).toEqual([]);
      expect((await manager.get(`${url}?status=nonsense&page=-4`)).statusCode).toBe(200);
    });

    it('shows check records to the security manager only; every other reader sees complete or what is missing', async () => {
      const { c, url, manager, rep, viewer, auditor, staff, oversightViewer } = await parties();
      const p = await t.services.personnel.create(c.agencyActor, c.contract.id, { ...form, startDate: '2026-03-01' });
      const checkUrl = `${url}/${p.id}/checks`;
      const $form = parse((await manager.get(`${checkUrl}/criminal-record`)).body);
      expect($form('.govuk-warning-text').text()).toContain('Do not enter details of identity documents');
      expect($form('input[name="method"]').length).toBe(3);
      const missing = await manager.post(`${checkUrl}/criminal-record`, { ...check(''), checkedBy: '' });
      expect(missing.statusCode).toBe(422);
      expect(errorSummary(missing.body)).toEqual([
        'Enter who carried out the check',
        'Select how unspent convictions were checked',
      ]);
      expect(
        (await manager.post(`${checkUrl}/criminal-record`, { ...check('accessni'), outcome: 'not-passed' })).statusCode,
      ).toBe(303);
      expect((await manager.post(`${checkUrl}/identity`, check('Passport seen in person'))).statusCode).toBe(303);
      expect((await manager.post(`${checkUrl}/right-to-work`, check('Share code'))).statusCode).toBe(303);

      const managerPage = await manager.get(`${url}/${p.id}`);
      expect(parse(managerPage.body)('#check-criminal-record').text()).toContain('Not passed');
      expect(pageText(managerPage.body)).toContain('Basic check from AccessNI');
      expect(parse(managerPage.body)('#checks-summary').text().trim()).toBe(
        'Not complete. Missing: Unspent criminal convictions',
      );

      for (const reader of [rep, viewer, auditor, oversightViewer]) {
        const page = await reader.get(`${url}/${p.id}`);
        expect(page.statusCode).toBe(200);
        const text = pageText(page.body);
        expect(parse(page.body)('#checks-summary').text().trim()).toBe(
          'Not complete. Missing: Unspent criminal convictions',
        );
        expect(text).not.toMatch(/Not passed|AccessNI|Workday case 7|Passport seen|HR team/);
        expect(parse(page.body)('a[href*="/checks/"], a[href$="/edit"]').length).toBe(0);
        expect((await reader.get(`${checkUrl}/criminal-record`)).statusCode).toBe(403);
        expect((await reader.post(`${checkUrl}/identity`, check('x'))).statusCode).toBe(403);
        expect((await reader.post(url, form)).statusCode).toBe(403);
      }
      expect((await staff.get(url)).statusCode).toBe(403);
      expect((await staff.get(`${url}/${p.id}`)).statusCode).toBe(403);

      await t.services.personnel.checks.record(c.agencyActor, c.contract.id, p.id, 'criminal-record', {
        outcome: 'passed',
        checkedOn: '2026-02-21',
        checkedBy: 'HR',
        method: 'basic-dbs',
        evidenceRef: 'Workday',
      });
      expect(
        parse((await rep.get(`${url}/${p.id}`)).body)('#checks-summary')
          .text()
          .trim(),
      ).toBe('Checks complete');
      expect(
        parse((await viewer.get(url)).body)('td[data-label="Pre-employment checks"]')
          .text()
          .trim(),
      ).toBe('Complete');
    });

    it('pages a long register 200 people at a time, keeping the filters in the links', async () => {
      const { c, url, manager } = await parties();
      const lines = ['Full name,Work email,Job title,Start date,End date'];
      for (let i = 0; i < 205; i++)
        lines.push(
          `Person ${String(i).padStart(3, '0')},p${i}@agency.example,Eng,2026-01-01,${i < 3 ? '2026-12-31' : ''}`,
        );
      const staged = await t.services.personnel.imports.preview(c.agencyActor, c.contract.id, {
        fileName: 'many.csv',
        bytes: Buffer.from(lines.join('\n')),
      });
      await t.services.personnel.imports.apply(c.agencyActor, c.contract.id, staged.id);
      const $first = parse((await manager.get(url)).body);
      expect($first('tbody tr').length).toBe(200);
      expect($first('caption').first().text()).toBe('205 people');
      expect($first('.govuk-pagination__next a').attr('href')).toBe('?page=2');
      const $second = parse((await manager.get(`${url}?page=2`)).body);
      expect($second('tbody tr td:first-child a').first().text()).toBe('Person 200');
      const $leaving = parse((await manager.get(`${url}?status=leaving`)).body);
      expect($leaving('caption').first().text()).toBe('3 people match the filters');
      expect($leaving('.govuk-pagination').length).toBe(0);
    });

    it('tells the audit page’s readers the story of the register in words', async () => {
      const { c, url, manager, rep } = await parties();
      const p = await t.services.personnel.create(c.agencyActor, c.contract.id, { ...form, startDate: '2026-03-01' });
      await manager.post(`${url}/${p.id}/checks/identity`, check('Passport'));
      await rep.get(`${url}/${p.id}`);
      const audit = pageText((await rep.get(`/contracts/${c.contract.id}/audit?pageViews=include`)).body);
      expect(audit).toContain('Added Alice Ng to the Agency Staff register');
      expect(audit).toContain('Recorded the identity check of Alice Ng');
      expect(audit).toContain('Viewed the Agency Staff page, about Alice Ng');
      expect(audit).not.toContain(p.id);
    });
  });
}
