import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { pdfTextLines } from '../../platform/documents/fixtures/pdf-text.ts';
import { REQUIRED_SECTIONS, type PlanContent } from './smp-content.ts';
import { hashContent } from './smp.service.ts';
import { holdingText } from './document-holding.ts';
import { systemActor } from '../../platform/kernel/index.ts';

const admin = systemActor('test');
const prose = (topic: string) =>
  `We protect ${topic} with clear controls. Each control has an owner who checks it every month and reports to the security manager.\n\n- We record every check.\n- We fix what fails within five working days.`;

// The exported text compared word by word: an independent reader's line breaks, bullets and
// punctuation are not the plan's words. A `[[doc: Title]]` marker counts as its title on both sides,
// and a link as its text and address (paper cannot be clicked, so the export prints where it goes).
const words = (text: string) =>
  text
    .replace(/\[\[doc:\s*([^\]]+)\]\]/gi, '$1')
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

interface Cited {
  title: string;
  version: string;
  owner: string;
  location: string;
  bothPartiesHold: boolean;
}

/**
 * What the export must say, in order, built from the hashed content alone: each section's heading
 * and words, the named roles and third parties as tables under their sections, then the register
 * entries the version cites. Each item is a heading and the words that follow it.
 */
function expectedItems(content: PlanContent, names: Record<string, string>, cited: Cited[]) {
  const items: { heading: string; words: string[] }[] = [];
  for (const s of content.sections) {
    items.push({ heading: s.heading, words: words(s.markdown) });
    if (s.key === 'roles')
      items.push({
        heading: 'Named delegated roles',
        words: words(['Role', 'Held by', ...content.roles.flatMap((r) => [r.role, names[r.userId]!])].join(' ')),
      });
    if (s.key === 'third-parties')
      items.push({
        heading: 'Subcontractors and third parties',
        words: words(
          [
            'Name',
            'Access',
            'Risk process',
            ...content.thirdParties.flatMap((t) => [t.name, t.access, t.riskProcess]),
          ].join(' '),
        ),
      });
  }
  items.push({
    heading: 'Documents the plan refers to (clause 4.2.1(g))',
    words: words(
      [
        'Title',
        'Version',
        'Owner',
        'Where it is held',
        'Both parties hold a copy',
        ...cited.flatMap((d) => [d.title, d.version, d.owner, d.location, holdingText({ ...d, clientHolds: null })]),
      ].join(' '),
    ),
  });
  return items;
}

/**
 * Checks that the export's words run exactly as the items say, from the first section to the
 * approval record. `sep` joins words: a PDF may break a long word (an address in a narrow table
 * cell) across lines, so its words are compared run together, still in full and in order.
 */
function expectSameItems(exported: string, items: { heading: string; words: string[] }[], sep = ' ') {
  const all = words(exported).join(sep);
  let at = all.indexOf(words(items[0]!.heading).join(sep));
  expect(at, 'the first section heading').toBeGreaterThanOrEqual(0);
  const next = (expected: string[], what: string) => {
    const text = expected.join(sep);
    expect(all.slice(at, at + text.length), what).toBe(text);
    at += text.length + sep.length;
  };
  for (const item of items) {
    next(words(item.heading), `heading “${item.heading}”`);
    next(item.words, `the words under “${item.heading}”`);
  }
  next(['Approval', 'record'], 'nothing between the plan and its approval record');
}

for (const dialect of await dialectsUnderTest()) {
  describe(`The exported plan is the approved plan (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('prints every section, named role, third party and cited register entry of the hashed content in the .docx and the PDF', async () => {
      const c = await aContract(t);
      const manager = await aUser(t, c.agency.id, { displayName: 'Amara Okafor' });
      const deputy = await aUser(t, c.agency.id, { displayName: 'Bogdan Nowak' });
      const rep = await aUser(t, c.client.id, { displayName: 'Clara Reyes' });
      await t.services.contracts.grant(admin, c.contract.id, { userId: manager.id, role: 'agency-security-manager' });
      await t.services.contracts.grant(admin, c.contract.id, { userId: deputy.id, role: 'agency-staff' });
      await t.services.contracts.grant(admin, c.contract.id, { userId: rep.id, role: 'client-representative' });
      const agency = (await signIn(t, manager.email)).agent;
      const client = (await signIn(t, rep.email)).agent;

      const documents: Cited[] = [
        {
          title: 'Incident response procedure',
          version: '3.1',
          owner: 'Agency security team',
          location: 'Shared drive, Security folder',
          bothPartiesHold: true,
        },
        {
          title: 'Supplier assurance policy',
          version: '2026-02',
          owner: 'Agency procurement',
          location: 'https://policies.example.test/supplier-assurance',
          bothPartiesHold: false,
        },
        {
          title: 'Uncited handbook',
          version: '9',
          owner: 'Nobody in this plan',
          location: 'A cupboard',
          bothPartiesHold: true,
        },
      ];
      for (const d of documents)
        expect(
          (
            await agency.post(`/contracts/${c.contract.id}/smp/documents`, {
              ...d,
              bothPartiesHold: d.bothPartiesHold ? 'yes' : 'no',
            })
          ).statusCode,
        ).toBe(303);

      const versionPath = (await agency.post(`/contracts/${c.contract.id}/smp/draft`, {})).headers.location as string;
      for (const s of REQUIRED_SECTIONS) {
        const cite =
          s.key === 'measures'
            ? '\n\nIncidents follow the [[doc: Incident response procedure]].'
            : s.key === 'third-parties'
              ? '\n\nSuppliers are assured under the [supplier policy](https://policies.example.test/supplier-assurance).'
              : '';
        const saved = await agency.post(`${versionPath}/sections/${s.key}`, {
          heading: s.heading,
          markdown: prose(s.heading.toLowerCase()) + cite,
          action: 'save',
        });
        expect(saved.statusCode).toBe(303);
      }
      const lists = await agency.post(`${versionPath}/lists`, {
        'role-0': 'Security manager',
        'person-0': manager.id,
        'role-1': 'Deputy security manager',
        'person-1': deputy.id,
        'tp-name-0': 'Northwind Hosting Ltd',
        'tp-access-0': 'Hosts the case-management service in its UK data centres',
        'tp-risk-0': 'Annual ISO 27001 certificate check and quarterly access review',
        'tp-name-1': 'Fabrikam Couriers',
        'tp-access-1': 'Carries sealed paper files between Sites',
        'tp-risk-1': 'Vetted drivers, tamper-evident bags and a signed chain of custody',
      });
      expect(lists.statusCode).toBe(303);
      expect((await agency.post(`${versionPath}/submit`, {})).statusCode).toBe(303);

      const versionId = versionPath.split('/').at(-1)!;
      const version = await t.services.smp.version(c.contract.id, versionId);
      expect(hashContent(version.content)).toBe(version.content_hash);
      const approved = await client.post(`${versionPath}/decision`, {
        decision: 'approved',
        contentHash: version.content_hash!,
      });
      expect(approved.statusCode).toBe(303);

      const names = { [manager.id]: 'Amara Okafor', [deputy.id]: 'Bogdan Nowak' };
      // The register entries the version cites, in the order the plan first cites them.
      const plan = version.content.sections.map((s) => s.markdown).join('\n');
      const firstCited = (d: Cited) =>
        Math.min(...[`[[doc: ${d.title}]]`, `(${d.location})`].map((x) => plan.indexOf(x)).filter((n) => n >= 0));
      const cited = documents
        .filter((d) => Number.isFinite(firstCited(d)))
        .sort((a, b) => firstCited(a) - firstCited(b));
      expect(cited.map((d) => d.title)).toEqual(['Supplier assurance policy', 'Incident response procedure']);
      const items = expectedItems(version.content, names, cited);
      expect(version.content.roles).toHaveLength(2);
      expect(version.content.thirdParties).toHaveLength(2);

      const docx = await client.get(`${versionPath}/export.docx`);
      expect(docx.statusCode).toBe(200);
      const { value: docxText } = await mammoth.extractRawText({ buffer: docx.rawPayload });
      expectSameItems(docxText, items);
      expect(docxText).toContain(version.content_hash);
      expect(docxText).not.toContain('Uncited handbook');

      const pdf = await client.get(`${versionPath}/export.pdf`);
      expect(pdf.statusCode).toBe(200);
      // The page numbers in the footers (artifacts, not the plan) are left out.
      const pdfText = (await pdfTextLines(pdf.rawPayload)).filter((l) => !/^Page \d+ of \d+$/.test(l)).join('\n');
      expectSameItems(pdfText, items, '');
      expect(pdfText.replace(/\s+/g, '')).toContain(version.content_hash);
      expect(pdfText).not.toContain('Uncited handbook');
    });
  });
}
