import { randomBytes } from 'node:crypto';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aContract, aUser, signIn } from '../../../test/support/builders.ts';
import type { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { errorSummary, flashText, heading, parse, summaryValue } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { minimalDocx } from '../../platform/documents/fixtures/docx-parts.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};
const MB = 1024 * 1024;
const prose = (topic: string) =>
  `We keep ${topic} under control. Each part has an owner who checks it every month, records the result and reports to the security manager, who fixes what fails within five working days and tells the Client.`;
const h1 = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
const row = (...cells: string[]) =>
  new TableRow({ children: cells.map((c) => new TableCell({ children: [new Paragraph(c)] })) });

/** A plan as an Agency might write it in Word: five headings that match sections, one that needs remapping, one extra, a table and a list. */
async function planDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph('Draft for the Client'),
          h1('Our security principles'),
          new Paragraph(prose('the principles of security')),
          h1('Roles and responsibilities'),
          new Paragraph(prose('the delegated roles')),
          h1('Managing suppliers and subcontractors'),
          new Paragraph(prose('the risks from suppliers')),
          h1('What the plan protects'),
          new Paragraph(prose('the Sites, ICT and Government Data')),
          h1('Security controls'),
          new Paragraph(prose('the security measures')),
          new Table({
            rows: [row('Control', 'Owner'), row('Encrypted laptops', 'IT lead'), row('Annual training', 'HR lead')],
          }),
          new Paragraph({ text: 'Patch within 14 days', bullet: { level: 0 } }),
          new Paragraph({ text: 'Review access every quarter', bullet: { level: 0 } }),
          h1('Moving to full security'),
          new Paragraph(prose('the move to full security')),
          h1('Glossary'),
          new Paragraph('ICT means information and communications technology.'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

for (const dialect of await dialectsUnderTest()) {
  describe(`importing a Word document into the plan (${dialect})`, () => {
    let t: TestApp;
    let c: Awaited<ReturnType<typeof aContract>>;
    let agency: BrowserAgent;
    let managerId: string;
    let base: string;

    /** Uploads as the Agency's security manager, with a token from the upload page unless told otherwise. */
    async function upload(file: { name: string; data: Buffer } | undefined, opts: { csrf?: string | false } = {}) {
      await agency.get(`${base}/import`);
      const token = opts.csrf === false ? undefined : (opts.csrf ?? agency.csrfToken!);
      const { payload, contentType } = multipart(token ? { _csrf: token } : {}, file);
      return t.app.inject({
        method: 'POST',
        url: `${base}/import`,
        headers: { cookie: agency.cookieHeader, 'content-type': contentType },
        payload,
      });
    }

    beforeAll(async () => {
      t = await buildTestApp(dialect);
    }, 60_000);
    afterAll(async () => t?.close());
    // Each test has its own contract (with its empty first draft) and Agency security manager, signed in.
    beforeEach(async () => {
      c = await aContract(t);
      base = `/contracts/${c.contract.id}/smp`;
      const manager = await aUser(t, c.agency.id);
      managerId = manager.id;
      await t.services.contracts.grant(admin, c.contract.id, { userId: manager.id, role: 'agency-security-manager' });
      agency = (await signIn(t, manager.email)).agent;
    });

    /** acme-plan.docx imported into the draft, its seven headings mapped to seven sections. */
    async function importTheAcmePlan() {
      const uploaded = await upload({ name: 'acme-plan.docx', data: await planDocx() });
      const mappingPath = String(uploaded.headers.location);
      await agency.get(mappingPath);
      const done = await agency.post(mappingPath, {
        'map-0': 'principles',
        'map-1': 'roles',
        'map-2': 'third-parties',
        'map-3': 'scope',
        'map-4': 'measures',
        'map-5': 'transition',
        'map-6': 'extra',
      });
      expect(done.statusCode).toBe(303);
    }

    it('checks the answers before creating the draft: where each heading goes, with Change links, and nothing changes until confirmed', async () => {
      const uploaded = await upload({ name: 'acme-plan.docx', data: await planDocx() });
      const mappingPath = String(uploaded.headers.location);
      const mapping = parse((await agency.get(mappingPath)).body);
      expect(mapping(`form[action="${mappingPath}/check"]`)).toHaveLength(1);
      const before = (await t.services.smp.overview(c.contract.id)).versions[0]!;
      const choices = {
        'map-0': 'principles',
        'map-1': 'roles',
        'map-2': 'third-parties',
        'map-3': 'scope',
        'map-4': 'measures',
        'map-5': 'measures',
        'map-6': 'omit',
      };
      const check = await agency.post(`${mappingPath}/check`, choices);
      expect(check.statusCode).toBe(200);
      expect(heading(check.body)).toBe('Check the draft before it is created');
      expect(summaryValue(check.body, 'Document')).toBe('acme-plan.docx');
      expect(summaryValue(check.body, '4.2.1(e) Security measures and procedures')).toBe(
        '“Security controls”\n“Moving to full security”',
      );
      expect(summaryValue(check.body, '4.2.1(f) Transition plans')).toBe('Stays empty, for you to write');
      expect(summaryValue(check.body, 'Left out')).toBe('“Glossary”');
      const $ = parse(check.body);
      expect($(`main a[href="${mappingPath}"]:contains("Change")`).length).toBeGreaterThan(0);
      const carried = Object.fromEntries(
        $(`form[action="${mappingPath}"] input[type="hidden"]:not([name="_csrf"])`)
          .toArray()
          .map((el) => [$(el).attr('name'), $(el).attr('value')]),
      );
      expect(carried).toEqual(choices);
      expect((await t.services.smp.overview(c.contract.id)).versions[0]!.content).toEqual(before.content);

      const bad = await agency.post(`${mappingPath}/check`, { ...choices, 'map-6': 'nowhere' });
      expect(bad.statusCode).toBe(422);
      expect(errorSummary(bad.body)).toEqual(['Select where “Glossary” goes']);

      const done = await agency.post(mappingPath, carried as Record<string, string>);
      expect(done.statusCode).toBe(303);
      const after = (await t.services.smp.overview(c.contract.id)).versions[0]!;
      expect(after.content.sections.find((x) => x.key === 'measures')!.markdown).toContain(
        '## Moving to full security',
      );
    });

    it('maps headings to sections as the importer confirms, keeping tables and lists, and records it', async () => {
      const page = await agency.get(`${base}/import`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('enctype="multipart/form-data"');
      expect(page.body).toContain('replaces the text of every section in the current draft');
      const before = (await t.services.smp.overview(c.contract.id)).versions[0]!;

      const uploaded = await upload({ name: 'acme-plan.docx', data: await planDocx() });
      expect(uploaded.statusCode, uploaded.body.slice(0, 300)).toBe(303);
      const mappingPath = String(uploaded.headers.location);
      expect(mappingPath).toMatch(new RegExp(`^${base}/import/[0-9a-f-]{36}$`));

      const mapping = await agency.get(mappingPath);
      expect(mapping.statusCode).toBe(200);
      expect(heading(mapping.body)).toBe('Check where each heading goes');
      const $ = parse(mapping.body);
      const selected = (i: number) => $(`select[name="map-${i}"] option[selected]`).attr('value');
      expect([0, 1, 2, 3, 4, 5, 6].map(selected)).toEqual([
        'principles',
        'roles',
        'third-parties',
        'scope',
        'measures',
        'extra',
        'extra',
      ]);
      expect(mapping.body).toContain('Begins: We keep the principles of security under control');
      expect(mapping.body).toContain('The text before the first heading'); // the warning about what is left out
      expect($('button#create')).toHaveLength(1); // where a form-level error links to

      const choices = {
        'map-0': 'principles',
        'map-1': 'roles',
        'map-2': 'third-parties',
        'map-3': 'scope',
        'map-4': 'measures',
        'map-5': 'transition',
        'map-6': 'extra',
      };
      const done = await agency.post(mappingPath, choices);
      expect(done.statusCode, done.body.slice(0, 300)).toBe(303);
      expect(done.headers.location).toBe(`${base}/versions/${before.id}`);
      expect(flashText((await agency.follow(done)).body)).toBe(
        `Imported 7 sections from acme-plan.docx into version ${before.number}`,
      );

      const v = await t.services.smp.version(c.contract.id, before.id);
      const byKey = Object.fromEntries(v.content.sections.map((s) => [s.key, s]));
      expect(byKey.transition!.heading).toBe('Moving to full security');
      expect(byKey.principles!.markdown).toContain('We keep the principles of security under control');
      expect(byKey.measures!.markdown).toMatch(
        /\| Control \| Owner \|\n\| -+ \| -+ \|\n\| Encrypted laptops \| IT lead \|/,
      );
      expect(byKey.measures!.markdown).toMatch(/^-\s+Patch within 14 days\n-\s+Review access every quarter$/m);
      expect(v.content.sections.map((s) => s.key)).toEqual([
        'principles',
        'roles',
        'third-parties',
        'scope',
        'measures',
        'transition',
        'extra-1',
      ]);
      expect(byKey['extra-1']!.heading).toBe('Glossary');

      const event = await t.db.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'smp-version.update')
        .where('resource_id', '=', before.id)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(event.actor_id).toBe(managerId);
      expect(JSON.parse(event.details)).toMatchObject({ imported: 'acme-plan.docx', sections: 7 });
      expect(event.details).not.toContain('under control'); // sizes and names, never the text

      // Every section is now substantive: only the named roles (not in a Word document) are left to do.
      const errorsBefore = await t.services.smp.completeness(c.contract.id, before.content);
      const errorsAfter = await t.services.smp.completeness(c.contract.id, v.content);
      expect(errorsBefore.length).toBeGreaterThan(errorsAfter.length);
      expect(errorsAfter.map((e) => e.message)).toEqual(['Name at least one person for a delegated role']);

      // Used once: the same import is gone, with a plain message.
      const again = await agency.get(mappingPath);
      expect(again.statusCode).toBe(404);
      expect(again.body).toContain('This import is no longer available');
      expect((await agency.post(mappingPath, choices)).statusCode).toBe(404);
    });

    it('joins two headings given the same section, and warns that the draft already has text', async () => {
      await importTheAcmePlan();
      const uploaded = await upload({ name: 'second.docx', data: await planDocx() });
      const mappingPath = String(uploaded.headers.location);
      const mapping = await agency.get(mappingPath);
      expect(mapping.body).toContain('already has text in 7 sections');
      const done = await agency.post(mappingPath, {
        'map-0': 'principles',
        'map-1': 'principles',
        'map-2': 'third-parties',
        'map-3': 'scope',
        'map-4': 'measures',
        'map-5': 'transition',
        'map-6': 'omit',
      });
      expect(done.statusCode).toBe(303);
      expect(flashText((await agency.follow(done)).body)).toContain(
        'Imported 6 sections from second.docx into version 1. Headings given the same section were joined under “Our security principles”',
      );
      const v = (await t.services.smp.overview(c.contract.id)).versions[0]!;
      const principles = v.content.sections.find((s) => s.key === 'principles')!;
      expect(principles.markdown).toMatch(
        /principles of security[\s\S]*\n## Roles and responsibilities\n\nWe keep the delegated roles/,
      );
      expect(v.content.sections.find((s) => s.key === 'roles')!.markdown).toBe(''); // nothing else went there
      expect(v.content.sections.some((s) => s.heading === 'Glossary')).toBe(false); // left out
    });

    it('refuses oversized, empty, non-Word and hostile files on the form, never with a 500', async () => {
      const refused = async (file: { name: string; data: Buffer } | undefined, message: string) => {
        const res = await upload(file);
        expect(res.statusCode, message).toBe(422);
        expect(errorSummary(res.body)).toEqual([message]);
        expect(res.body).toContain('govuk-file-upload');
      };
      await refused({ name: 'huge.docx', data: randomBytes(5 * MB + 1) }, 'The file must be 5 MB or smaller');
      await refused(
        { name: 'plan.docx', data: Buffer.from('this is not a zip file at all') },
        'The file is not a Word document (.docx)',
      );
      await refused({ name: 'empty.docx', data: Buffer.alloc(0) }, 'The selected file is empty');
      const bomb = minimalDocx((parts) => [
        ...parts,
        { name: 'word/settings.xml', data: Buffer.alloc(3 * MB, 0x20), deflate: true },
      ]);
      await refused(
        { name: 'bomb.docx', data: bomb },
        'The file expands to far more data than a Word document should, so it was not opened',
      );
      const entities = minimalDocx((parts) =>
        parts.map((p) =>
          p.name === 'word/document.xml'
            ? {
                ...p,
                data: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>',
              }
            : p,
        ),
      );
      await refused(
        { name: 'xxe.docx', data: entities },
        'The file contains XML features (DOCTYPE or ENTITY declarations) that are not allowed in a Word document',
      );
      await refused(undefined, 'Select a Word document (.docx) to import');
      await refused({ name: '', data: Buffer.alloc(0) }, 'Select a Word document (.docx) to import'); // what a browser sends with no file chosen
      // A url-encoded post (no file at all) is the same missing file, not a 415 or a 500.
      await agency.get(`${base}/import`);
      const plain = await agency.post(`${base}/import`, { file: 'plan.docx' });
      expect(plain.statusCode).toBe(422);
      expect(errorSummary(plain.body)).toEqual(['Select a Word document (.docx) to import']);
    });

    it('checks the CSRF token on the upload, and takes multipart nowhere else', async () => {
      const file = { name: 'plan.docx', data: await planDocx() };
      expect((await upload(file, { csrf: false })).statusCode).toBe(403);
      expect((await upload(file, { csrf: 'not-the-token' })).statusCode).toBe(403);
      const broken = await t.app.inject({
        method: 'POST',
        url: `${base}/import`,
        headers: { cookie: agency.cookieHeader, 'content-type': 'multipart/form-data; boundary=nothing-here' },
        payload: 'garbage',
      });
      expect(broken.statusCode).toBe(403); // no token could be read from it
      const { payload, contentType } = multipart({ _csrf: agency.csrfToken! }, file);
      const elsewhere = await t.app.inject({
        method: 'POST',
        url: `${base}/documents`,
        headers: { cookie: agency.cookieHeader, 'content-type': contentType },
        payload,
      });
      expect(elsewhere.statusCode).toBe(415);
    });

    it('refuses tampered mapping values and unknown imports, and shows a version awaiting decision as a form error', async () => {
      const mappingPath = String((await upload({ name: 'plan.docx', data: await planDocx() })).headers.location);
      await agency.get(mappingPath);
      const tampered = await agency.post(mappingPath, {
        'map-0': 'root',
        'map-1': ['roles', 'scope'],
        'map-2': 'third-parties',
        'map-3': 'scope',
        'map-4': 'measures',
        'map-5': 'transition',
        'map-6': 'extra',
      });
      expect(tampered.statusCode).toBe(422);
      expect(errorSummary(tampered.body)).toEqual([
        'Select where “Our security principles” goes',
        'Select where “Roles and responsibilities” goes',
      ]);
      expect((await agency.get(`${base}/import/0190a0a0-0000-7000-8000-000000000999`)).statusCode).toBe(404);
      expect((await agency.get(`${base}/import/not-an-id`)).statusCode).toBe(404);

      // The draft goes to the Client; the import waits (and is kept) until they decide.
      const draft = (await t.services.smp.overview(c.contract.id)).versions[0]!;
      const system = { type: 'system' as const, name: 'import-test' };
      await t.services.smp.saveLists(system, c.contract.id, draft.id, {
        roles: [{ role: 'Security manager', userId: managerId }],
        thirdParties: [],
      });
      for (const s of draft.content.sections.filter((x) => !x.markdown))
        await t.services.smp.saveSection(system, c.contract.id, draft.id, {
          key: s.key,
          heading: s.heading,
          markdown: prose(s.heading),
        });
      await t.services.smp.submit(system, c.contract.id, draft.id);
      expect((await agency.get(mappingPath)).body).toContain('is with the Client for a decision');
      const blocked = await agency.post(mappingPath, {
        'map-0': 'principles',
        'map-1': 'roles',
        'map-2': 'third-parties',
        'map-3': 'scope',
        'map-4': 'measures',
        'map-5': 'transition',
        'map-6': 'extra',
      });
      expect(blocked.statusCode).toBe(422);
      expect(errorSummary(blocked.body)[0]).toMatch(/^Version \d+ is with the Client for a decision/);
      expect((await agency.get(mappingPath)).statusCode).toBe(200);
    });
  });
}
