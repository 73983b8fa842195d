import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { inputValue, parse } from '../../../test/support/html.ts';
import { REQUIRED_SECTIONS } from './smp-content.ts';
import { readDocx } from '../../platform/documents/index.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};
const prose =
  'We protect the service with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.';

for (const dialect of await dialectsUnderTest()) {
  describe(`Security Management Plan pages (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    /** A contract with its Agency security manager, Client's Representative and one Agency staff member, signed in. */
    async function aContractWithPeopleSignedIn() {
      const c = await aContract(t);
      const manager = await aUser(t, c.agency.id);
      const rep = await aUser(t, c.client.id);
      const worker = await aUser(t, c.agency.id);
      await t.services.contracts.grant(admin, c.contract.id, { userId: manager.id, role: 'agency-security-manager' });
      await t.services.contracts.grant(admin, c.contract.id, { userId: rep.id, role: 'client-representative' });
      await t.services.contracts.grant(admin, c.contract.id, { userId: worker.id, role: 'agency-staff' });
      return {
        c,
        managerId: manager.id,
        agency: (await signIn(t, manager.email)).agent,
        client: (await signIn(t, rep.email)).agent,
        staff: (await signIn(t, worker.email)).agent,
      };
    }

    it('lets the Agency start a draft, preview a section without saving, and neutralises script in Markdown', async () => {
      const { c, agency } = await aContractWithPeopleSignedIn();
      const started = await agency.post(`/contracts/${c.contract.id}/smp/draft`, {});
      expect(started.statusCode).toBe(303);
      const versionPath = started.headers.location as string;
      const preview = await agency.post(`${versionPath}/sections/principles`, {
        heading: 'Principles of security',
        markdown: '# Our principles\n\n<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>',
        action: 'preview',
      });
      expect(preview.statusCode).toBe(200);
      expect(preview.body).toContain('<h3 class="govuk-heading-s">Our principles</h3>');
      const $ = parse(preview.body);
      expect($('script').filter((_, el) => $(el).text().startsWith('alert'))).toHaveLength(0);
      expect($('[href^="javascript:"]')).toHaveLength(0);
      expect($('img')).toHaveLength(0);
      expect(preview.body).toContain('&lt;script&gt;');
      const draft = await t.services.smp.version(c.contract.id, versionPath.split('/').at(-1)!);
      expect(draft.content.sections[0]!.markdown).toBe(''); // a preview saves nothing
    });

    it('shows completeness findings, then submits once complete, and the Client approves exactly what they read', async () => {
      const { c, agency, client, staff, managerId } = await aContractWithPeopleSignedIn();
      const versionPath = (await agency.post(`/contracts/${c.contract.id}/smp/draft`, {})).headers.location as string;
      const page = await agency.get(versionPath);
      expect(page.body).toContain('open completeness findings');
      for (const s of REQUIRED_SECTIONS)
        expect(
          (
            await agency.post(`${versionPath}/sections/${s.key}`, {
              heading: s.heading,
              markdown: prose,
              action: 'save',
            })
          ).statusCode,
        ).toBe(303);
      const bad = await agency.post(`${versionPath}/lists`, { 'role-0': 'Security manager', 'person-0': '' });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('Select a person from the Agency for “Security manager”');
      expect(
        (await agency.post(`${versionPath}/lists`, { 'role-0': 'Security manager', 'person-0': managerId })).statusCode,
      ).toBe(303);
      expect((await agency.post(`${versionPath}/submit`, {})).statusCode).toBe(303);

      const seen = await client.get(versionPath);
      const hash = inputValue(seen.body, 'contentHash')!;
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      const refused = await client.post(`${versionPath}/decision`, { decision: 'not-approved', contentHash: hash });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('Give at least one reason for not approving the plan');
      const approved = await client.post(`${versionPath}/decision`, { decision: 'approved', contentHash: hash });
      expect(approved.statusCode).toBe(303);
      const pdf = await client.get(`${versionPath}/export.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const docx = await client.get(`${versionPath}/export.docx`);
      const back = await readDocx(docx.rawPayload);
      expect(JSON.stringify(back)).toContain(hash); // the approval record is bound to the version's hash
      expect(back.sections.map((s) => s.heading)).toEqual(
        expect.arrayContaining(['Principles of security', 'Approval record']),
      );
      const overview = await staff.get(`/contracts/${c.contract.id}/smp`);
      expect(overview.body).toContain(hash);
      expect(overview.body).toContain('Principles of security');
      expect((await staff.get(versionPath)).statusCode).toBe(403); // Agency staff read the plan in force only

      const next = await agency.post(`/contracts/${c.contract.id}/smp/draft`, {});
      await agency.post(`${next.headers.location}/sections/scope`, {
        heading: 'Scope of protection',
        markdown: prose.replace('every month', 'every week'),
        action: 'save',
      });
      const compared = await client.get(`/contracts/${c.contract.id}/smp/compare`);
      expect(compared.statusCode).toBe(200);
      // The changed word, removed then added, side by side, each labelled for screen readers.
      const diff = parse(compared.body);
      const removed = diff('del.custodian-diff__removed').filter((_, el) => diff(el).text() === 'removed: month');
      expect(removed).toHaveLength(1);
      expect(removed.children().first().is('span.govuk-visually-hidden')).toBe(true);
      expect(removed.children().first().text()).toBe('removed: ');
      const added = removed.next();
      expect(removed[0]!.nextSibling).toBe(added[0]);
      expect(added.is('ins.custodian-diff__added')).toBe(true);
      expect(added.text()).toBe('added: week');
      expect(added.children().first().is('span.govuk-visually-hidden')).toBe(true);
      expect(added.children().first().text()).toBe('added: ');
    });
  });
}
