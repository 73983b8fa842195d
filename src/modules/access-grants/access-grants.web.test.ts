import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, aUser, signIn } from '../../../test/support/builders.ts';
import type { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, flashText, heading, pageText, parse } from '../../../test/support/html.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const admin = { type: 'system' as const, name: 'test' };
const passed = (method: string) => ({
  outcome: 'passed',
  checkedOn: '2026-02-20',
  checkedBy: 'HR team',
  method,
  evidenceRef: 'Workday case 7',
});

for (const dialect of await dialectsUnderTest()) {
  describe(`access pages (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function setUp() {
      const c = await aContractWithLeads(t);
      const s = t.services;
      const add = (name: string) =>
        s.personnel.create(c.agencyActor, c.contract.id, {
          name,
          email: `${name.split(' ')[0]!.toLowerCase()}@agency.example`,
          employer: 'agency',
          jobTitle: 'Engineer',
          startDate: '2026-03-01',
        });
      const alice = await add('Alice Ng');
      for (const kind of ['identity', 'criminal-record', 'right-to-work'] as const)
        await s.personnel.checks.record(
          c.agencyActor,
          c.contract.id,
          alice.id,
          kind,
          passed(kind === 'criminal-record' ? 'basic-dbs' : 'Passport seen'),
        );
      const bob = await add('Bob Jones');
      const crm = await s.systems.create(c.agencyActor, c.contract.id, {
        name: 'CRM',
        owner: 'Platform team',
        hosting: 'AWS London',
        holdsGovernmentData: 'yes',
        privileged: 'yes',
        clearance: 'none',
        notes: '',
      });
      const viewer = await aUser(t, c.client.id);
      await s.contracts.grant(admin, c.contract.id, { userId: viewer.id, role: 'client-viewer' });
      return {
        c,
        alice,
        bob,
        crm,
        url: `/contracts/${c.contract.id}/access`,
        manager: (await signIn(t, c.manager.email)).agent,
        rep: (await signIn(t, c.rep.email)).agent,
        viewer: (await signIn(t, viewer.email)).agent,
      };
    }
    const grantForm = (personId: string, systemId: string, extra: Record<string, string> = {}) => ({
      personId,
      systemId,
      level: 'administrator',
      reason: 'Runs the CRM',
      'grantedOn-day': '2',
      'grantedOn-month': '3',
      'grantedOn-year': '2026',
      exceptionReason: '',
      ...extra,
    });

    it('records a grant through the form, naming every problem and the missing checks, and shows it on the person’s page', async () => {
      const { c, alice, bob, crm, url, manager, viewer } = await setUp();
      expect(heading((await manager.get(`${url}/new?personId=${alice.id}`)).body)).toBe('Record access granted');
      const empty = await manager.post(url, {
        personId: '',
        systemId: '',
        reason: '',
        'grantedOn-day': '31',
        'grantedOn-month': '2',
        'grantedOn-year': '2026',
      });
      expect(empty.statusCode).toBe(422);
      expect(errorSummary(empty.body)).toEqual(
        expect.arrayContaining(['Select the person', 'Select the system', 'Select the level of access']),
      );
      expect(empty.body).toContain('value="31"'); // input kept

      const refused = await manager.post(url, grantForm(bob.id, crm.id));
      expect(refused.statusCode).toBe(422);
      expect(errorSummary(refused.body).join(' ')).toContain(
        'Bob Jones’s pre-employment checks are not complete (missing: identity, unspent criminal convictions, right to work)',
      );

      const done = await manager.post(url, grantForm(alice.id, crm.id));
      expect(done.statusCode, done.body.slice(0, 300)).toBe(303);
      const page = await manager.follow(done);
      expect(flashText(page.body)).toBe('Alice Ng’s administrator access to CRM was recorded');
      expect(parse(page.body)('form[action$="/not-needed"]').length).toBe(1);

      // The person page shows the access section, to the Client too (without management links).
      const person = await viewer.get(`/contracts/${c.contract.id}/personnel/${alice.id}`);
      const $ = parse(person.body);
      expect($('#access').text()).toBe('Access');
      expect(pageText($.html('#person-grants'))).toContain('CRM Administrator Runs the CRM');
      expect(person.body).not.toContain('Record access granted');
      // The Client reads, and cannot change.
      expect((await viewer.get(url)).statusCode).toBe(200);
      expect((await viewer.post(url, grantForm(alice.id, crm.id))).statusCode).toBe(403);
      expect((await viewer.get(`${url}/systems/${crm.id}`)).body).toContain('Alice Ng');
    });

    it('lets the Client’s Representative agree an exception in writing, and turns a review’s removal into a revocation recorded by form', async () => {
      const { bob, crm, url, manager, rep, viewer } = await setUp();
      const made = await manager.post(
        url,
        grantForm(bob.id, crm.id, { level: 'standard', exceptionReason: 'Starts before DBS returns' }),
      );
      expect(made.statusCode).toBe(303);
      const list = await rep.get(`${url}/exceptions`);
      const link = parse(list.body)('a[href$="/agree"]').attr('href')!;
      expect(pageText(list.body)).toContain('Starts before DBS returns');
      expect((await viewer.get(link)).statusCode).toBe(403);
      const bad = await rep.post(link, { 'until-day': '', 'until-month': '', 'until-year': '', why: '' });
      expect(bad.statusCode).toBe(422);
      const ok = await rep.post(link, {
        'until-day': '31',
        'until-month': '1',
        'until-year': '2027',
        why: 'DBS due in January',
      });
      expect(ok.statusCode).toBe(303);
      expect(pageText((await rep.follow(ok)).body)).toContain(
        'Agreed 30 November 2026 until 31 January 2027: DBS due in January',
      );

      // The review must decide every current grant.
      const review = await manager.get(`${url}/review`);
      const name = parse(review.body)('input[type=radio]').first().attr('name')!;
      expect((await manager.post(`${url}/review`, {})).statusCode).toBe(422);
      const reviewed = await manager.post(`${url}/review`, { [name]: 'remove' });
      expect(reviewed.statusCode).toBe(303);
      expect(flashText((await manager.follow(reviewed)).body)).toContain(
        '0 confirmed, 1 to be revoked within one Working Day',
      );
      const grantId = name.slice('decision-'.length);
      const grant = await manager.get(`${url}/grants/${grantId}`);
      expect(pageText(parse(grant.body).html('#revocation-details'))).toContain('Due 1 December 2026');

      const revocation = `${url}/grants/${grantId}/revocation`;
      const missing = await manager.post(revocation, {
        'revokedOn-day': '',
        'revokedOn-month': '',
        'revokedOn-year': '',
        revokedBy: '',
        method: '',
        evidenceRef: '',
      });
      expect(missing.statusCode).toBe(422);
      const recorded = await manager.post(revocation, {
        'revokedOn-day': '30',
        'revokedOn-month': '11',
        'revokedOn-year': '2026',
        revokedBy: 'Identity team',
        method: 'Account disabled',
        evidenceRef: 'RITM0042',
      });
      expect(recorded.statusCode).toBe(303);
      const after = pageText(parse((await manager.follow(recorded)).body).html('#revocation-details'));
      expect(after).toContain('Revoked on time (due 1 December 2026)');
      expect(after).toContain('RITM0042');
      expect(pageText((await rep.get(`${url}/exceptions`)).body)).toContain('Closed');
    });

    it('imports grants from a CSV upload with a preview, all or nothing', async () => {
      const { manager, url } = await setUp();
      const upload = (agent: BrowserAgent, text: string) => {
        const { payload, contentType } = multipart(
          { _csrf: agent.csrfToken ?? '' },
          { name: 'iam.csv', data: Buffer.from(text), type: 'text/csv' },
        );
        return t.app.inject({
          method: 'POST',
          url: `${url}/import`,
          headers: { cookie: agent.cookieHeader, 'content-type': contentType },
          payload,
        });
      };
      expect(parse((await manager.get(`${url}/import`)).body)('#accepted-columns').text()).toContain(
        'user principal name',
      );
      const up = await upload(
        manager,
        'Email,System,Level,Reason,Granted date\nalice@agency.example,CRM,elevated,Support,01/09/2026\nbob@agency.example,CRM,standard,Support,2026-09-01\n',
      );
      expect(up.statusCode).toBe(303);
      const preview = await manager.get(String(up.headers.location));
      expect(pageText(parse(preview.body).html('#counts'))).toContain(
        'Rows read 2 New grants 1 Already recorded 0 Rows with errors 1',
      );
      expect(pageText(preview.body)).toContain('Bob Jones’s pre-employment checks are not complete');
      expect(
        parse(preview.body)(`form[action="${url}/import/${String(up.headers.location).split('/').pop()}"]`).length,
      ).toBe(0);
      const refused = await manager.post(String(up.headers.location), {});
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('Nothing was imported');

      const good = await upload(
        manager,
        'Email,System,Level,Reason,Granted date\nalice@agency.example,CRM,elevated,Support,01/09/2026\n',
      );
      const applied = await manager.post(String(good.headers.location), {});
      expect(applied.statusCode).toBe(303);
      expect(flashText((await manager.follow(applied)).body)).toBe(
        'iam.csv was imported: 1 grants added, 0 already recorded',
      );
      const empty = await upload(manager, '');
      expect(empty.statusCode).toBe(422);
    });
  });
}
