import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { parse, pageText } from '../../../test/support/html.ts';
import { aCompleteDraft, planProse } from '../../../test/support/smp-plans.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};
const POLICY = {
  title: 'Access Control Policy',
  version: '2.1',
  owner: 'Agency',
  location: 'SharePoint',
  bothPartiesHold: 'yes',
};

/** Each heading level on the page that goes more than one below the heading before it (axe's heading-order). */
function skippedHeadings(html: string): string[] {
  const $ = parse(html);
  const headings = $('h1, h2, h3, h4, h5, h6')
    .toArray()
    .map((el) => ({ level: Number(el.tagName.slice(1)), text: $(el).text().trim() }));
  return headings.flatMap((h, i) =>
    i > 0 && h.level > headings[i - 1]!.level + 1 ? [`h${h.level} “${h.text}” after h${headings[i - 1]!.level}`] : [],
  );
}

for (const dialect of await dialectsUnderTest()) {
  describe(`plan text on the page and compared (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('shows a section in GOV.UK typography, its headings below the section’s, its [[doc: …]] markers linked to the register', async () => {
      const c = await aContractWithLeads(t);
      const policy = await t.services.smp.register.add(c.agencyActor, c.contract.id, POLICY);
      const v = await aCompleteDraft(t, c);
      const markdown = `# Principles\n\n${planProse('the service')} See [[doc: access control policy]] and [[doc: Lost Policy]].\n\n#### Detail\n\n* one\n* two\n\n| Risk | Owner |\n|---|---|\n| Phishing | IT |\n\n> Note`;
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, v.id, { key: 'principles', markdown });
      const { agent } = await signIn(t, c.manager.email);
      const versionPath = `/contracts/${c.contract.id}/smp/versions/${v.id}`;

      const page = await agent.get(versionPath);
      expect(page.statusCode).toBe(200);
      expect(skippedHeadings(page.body)).toEqual([]);
      const $ = parse(page.body);
      const section = $('.custodian-markdown').first();
      expect(section.find('h3.govuk-heading-s').text()).toBe('Principles');
      expect(section.find('h4.govuk-heading-s').text()).toBe('Detail');
      expect(section.find('p.govuk-body').length).toBeGreaterThan(0);
      expect(section.find('ul.govuk-list.govuk-list--bullet > li')).toHaveLength(2);
      expect(section.find('table.govuk-table td.govuk-table__cell').first().text()).toBe('Phishing');
      expect(section.find('blockquote.govuk-inset-text').text().trim()).toBe('Note');
      const link = section.find('a.govuk-link').filter((_, a) => $(a).text() === 'access control policy');
      expect(link.attr('href')).toBe(`/contracts/${c.contract.id}/smp/documents#doc-${policy.id}`);
      expect(section.find('.custodian-doc-missing').text()).toBe('Lost Policy (not in the register)');
      // The link lands on the register's row for that document.
      const register = parse((await agent.get(`/contracts/${c.contract.id}/smp/documents`)).body);
      expect(register(`tr[id="doc-${policy.id}"]`).text()).toContain('Access Control Policy');

      const preview = await agent.post(`${versionPath}/sections/principles`, {
        heading: 'Principles of security',
        markdown,
        action: 'preview',
      });
      expect(skippedHeadings(preview.body)).toEqual([]);
      expect(parse(preview.body)('.custodian-markdown h3.govuk-heading-s').text()).toBe('Principles');
      expect(parse(preview.body)(`.custodian-markdown a[href$="#doc-${policy.id}"]`)).toHaveLength(1);
    });

    it('shows the plan in force to Agency staff in the same typography', async () => {
      const c = await aContractWithLeads(t);
      const staff = await aUser(t, c.agency.id);
      await t.services.contracts.grant(admin, c.contract.id, { userId: staff.id, role: 'agency-staff' });
      await t.services.smp.register.add(c.agencyActor, c.contract.id, POLICY);
      const v = await aCompleteDraft(t, c);
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, v.id, {
        key: 'principles',
        markdown: `## How we work\n\n${planProse('access')} See [[doc: Access Control Policy]].\n\n1. First\n2. Second`,
      });
      const submitted = await t.services.smp.submit(c.agencyActor, c.contract.id, v.id);
      await t.services.smp.decide(c.clientActor, c.contract.id, v.id, {
        decision: 'approved',
        contentHash: submitted.content_hash,
        reasons: [],
      });
      const overview = await (await signIn(t, staff.email)).agent.get(`/contracts/${c.contract.id}/smp`);
      expect(overview.statusCode).toBe(200);
      expect(skippedHeadings(overview.body)).toEqual([]);
      const $ = parse(overview.body);
      expect($('.custodian-markdown h3.govuk-heading-s').text()).toBe('How we work');
      expect($('.custodian-markdown ol.govuk-list.govuk-list--number > li')).toHaveLength(2);
      expect($('.custodian-markdown a.govuk-link[href*="/smp/documents#doc-"]').text()).toBe('Access Control Policy');
    });

    it('compares what a person reads: quotes, list markers and table padding are no change; a changed cell is that cell', async () => {
      const c = await aContractWithLeads(t);
      const principles = (apostrophe: string, bullet: string, owner: string) =>
        `${planProse('the service')} We don${apostrophe}t share keys.\n\n${bullet} Laptops\n${bullet} Phones\n\n| Risk | Owner |\n|---|---|\n| Phishing | ${owner} |`;
      const v1 = await aCompleteDraft(t, c);
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, v1.id, {
        key: 'principles',
        markdown: principles("'", '*', 'IT'),
      });
      const submitted = await t.services.smp.submit(c.agencyActor, c.contract.id, v1.id);
      await t.services.smp.decide(c.clientActor, c.contract.id, v1.id, {
        decision: 'approved',
        contentHash: submitted.content_hash,
        reasons: [],
      });
      const v2 = await t.services.smp.draft(c.agencyActor, c.contract.id);
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, v2.id, {
        key: 'principles',
        markdown: principles('’', '-', 'Security team'),
      });
      // Rewrapped, the same words: no change to a reader.
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, v2.id, {
        key: 'scope',
        markdown: planProse('Scope of protection')
          .replace(/\. /g, '.\n')
          .replace(/ with /, '  with  '),
      });

      const client = (await signIn(t, c.rep.email)).agent;
      const compared = await client.get(`/contracts/${c.contract.id}/smp/compare`);
      expect(compared.statusCode).toBe(200);
      expect(skippedHeadings(compared.body)).toEqual([]);
      const $ = parse(compared.body);
      const marks = $('main ins, main del')
        .toArray()
        .filter((el) => !$(el).closest('p').text().startsWith('This compares'));
      expect(marks.map((el) => $(el).text())).toEqual(['removed: IT', 'added: Security team']);
      const cell = $(marks[0]).closest('td.govuk-table__cell');
      expect(cell.text()).toBe('removed: ITadded: Security team');
      // The rest of the row is shown unchanged, beside the changed cell.
      expect(cell.prev('td').text()).toBe('Phishing');
      expect(pageText(compared.body)).toContain('Scope of protection No change');

      // Side by side: the earlier version's half shows what it lost, the later one's what it gained.
      const sides = parse((await client.get(`/contracts/${c.contract.id}/smp/compare?view=side-by-side`)).body);
      const halves = sides('.custodian-diff-sides').filter((_, el) => sides(el).find('table').length > 0);
      expect(halves).toHaveLength(1);
      const [earlier, later] = halves
        .children('.govuk-grid-column-one-half')
        .toArray()
        .map((el) => sides(el));
      expect(earlier!.find('.custodian-diff-sides__label').text()).toBe('Version 1');
      expect(
        earlier!
          .find('td')
          .toArray()
          .map((td) => sides(td).text()),
      ).toEqual(['Phishing', 'removed: IT']);
      expect(later!.find('.custodian-diff-sides__label').text()).toBe('Version 2');
      expect(
        later!
          .find('td')
          .toArray()
          .map((td) => sides(td).text()),
      ).toEqual(['Phishing', 'added: Security team']);
      expect(sides('input[name="view"][value="side-by-side"]').attr('checked')).toBeDefined();

      // The Variation's summary of changes against the plan in force reads the same way: the rewrapped section is not in it.
      await t.services.smp.submit(c.agencyActor, c.contract.id, v2.id, { title: 'Owner', rationale: 'New team.' });
      const variation = await t.services.variations.forSubject('smp', v2.id);
      expect(variation?.changes).toEqual(['“Principles of security”: changed']);
    });
  });
}
