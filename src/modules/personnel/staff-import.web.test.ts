import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, flashText, heading, pageText, parse } from '../../../test/support/html.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { BrowserAgent } from '../../../test/support/browser-agent.ts';

const HEADER = 'Employee number,Name,Email,Company,Role,Start date,Leaving date';

for (const dialect of await dialectsUnderTest()) {
  describe(`importing staff through the pages (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function setUp() {
      const c = await aContractWithLeads(t);
      const manager = (await signIn(t, c.manager.email)).agent;
      const rep = (await signIn(t, c.rep.email)).agent;
      const url = `/contracts/${c.contract.id}/personnel/import`;
      await manager.get(url); // a page with the form: its CSRF token
      return { c, manager, rep, url };
    }

    const upload = (agent: BrowserAgent, url: string, text: string | Buffer, name = 'hr-export.csv') => {
      const { payload, contentType } = multipart(
        { _csrf: agent.csrfToken ?? '' },
        { name, data: Buffer.isBuffer(text) ? text : Buffer.from(text), type: 'text/csv' },
      );
      return t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: agent.cookieHeader, 'content-type': contentType },
        payload,
      });
    };

    it('says what the file needs, previews what will change, and applies it all', async () => {
      const { c, manager, url } = await setUp();
      await t.services.personnel.create(c.agencyActor, c.contract.id, {
        name: 'Alice Ng',
        email: 'alice@agency.example',
        employer: 'agency',
        jobTitle: 'Engineer',
        startDate: '2026-03-01',
      });
      const form = await manager.get(url);
      expect(parse(form.body)('#accepted-columns').text()).toContain('employee number');
      expect(parse(form.body)('#accepted-dates').text()).toContain('1 March 2026');
      expect(form.body).toContain('enctype="multipart/form-data"');

      const uploaded = await upload(
        manager,
        url,
        [
          HEADER,
          `E1,Alice Ng,ALICE@agency.example,${c.agency.name},Lead engineer,01/03/2026,`,
          'E2,Bob Jones,bob@acme.example,Acme Cloud,Analyst,1 April 2026,30/09/2026',
        ].join('\r\n'),
      );
      expect(uploaded.statusCode, uploaded.body.slice(0, 300)).toBe(303);
      const preview = await manager.get(String(uploaded.headers.location));
      expect(heading(preview.body)).toBe('Check what the import will change');
      const $ = parse(preview.body);
      expect(pageText($.html('#counts')).trim()).toBe(
        'Rows read 2 New people 1 People changed 1 Unchanged 0 Rows with errors 0',
      );
      expect($('#date-formats').text()).toContain('2 written DD/MM/YYYY, 1 written D MMMM YYYY');
      expect(
        $('#changed tbody tr')
          .map((_, tr) =>
            $(tr)
              .find('td')
              .map((__, td) => $(td).text().trim())
              .get()
              .join(' | '),
          )
          .get(),
      ).toEqual(['2 | Alice Ng | Job title | Engineer | Lead engineer', '2 | Alice Ng | Employee ID | Not set | E1']);
      expect($('#added tbody tr td[data-label="Employer"]').text()).toBe('Acme Cloud');
      expect(pageText(preview.body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // no ids, only names
      expect(await t.services.personnel.list(c.contract.id)).toHaveLength(1);

      const applied = await manager.post(String(uploaded.headers.location), {});
      expect(applied.statusCode).toBe(303);
      const register = await manager.follow(applied);
      expect(flashText(register.body)).toContain('hr-export.csv was imported: 1 added, 1 changed, 0 unchanged');
      expect((await t.services.personnel.list(c.contract.id)).map((p) => p.name)).toEqual(['Alice Ng', 'Bob Jones']);
      // The preview is used up: applying again says so plainly.
      expect((await manager.post(String(uploaded.headers.location), {})).statusCode).toBe(404);
    });

    const rowsOf = ($: ReturnType<typeof parse>, table: string) =>
      $(`${table} tbody tr`)
        .map((_, tr) =>
          $(tr)
            .find('td')
            .map((__, td) => $(td).text().trim())
            .get()
            .join(' | '),
        )
        .get();

    it('lists the errors per row, offers no apply, and refuses an apply sent anyway', async () => {
      const { c, manager, url } = await setUp();
      const uploaded = await upload(
        manager,
        url,
        [
          HEADER,
          'E1,Ann,ann@agency.example,,Eng,3/25/2026,',
          'E2,Ben,not-an-email,,Eng,2026-01-01,',
          'E3,Cat,cat@agency.example,,Eng,2026-02-01,2026-01-01',
          'E3,Dee,dee@agency.example,,Eng,2026-02-01,',
        ].join('\n'),
      );
      const previewUrl = String(uploaded.headers.location);
      const $ = parse((await manager.get(previewUrl)).body);
      expect(rowsOf($, '#row-errors')).toEqual([
        '2 | Ann | Start date “3/25/2026” looks like a US date (month first): dates with slashes are read day first, like 25/03/2026',
        '3 | Ben | Work email “not-an-email” is not an email address',
        '4 | Cat | End date is before the start dateThe same employee ID as row 5: each person once',
        '5 | Dee | The same employee ID as row 4: each person once',
      ]);
      expect($('form button').text()).not.toContain('Apply the import');
      const refused = await manager.post(previewUrl, {});
      expect(refused.statusCode).toBe(409);
      expect(errorSummary(refused.body)).toEqual(['Upload the file again']);
      expect(pageText(refused.body)).toContain('The file has errors, so nothing was imported');
      expect(await t.services.personnel.list(c.contract.id)).toEqual([]);
    });

    it('says which columns were expected, and refuses empty, missing and unreadable files on the form', async () => {
      const { manager, url } = await setUp();
      const wrong = await upload(manager, url, 'Surname,Mail\nNg,a@b.example\n');
      const $ = parse((await manager.get(String(wrong.headers.location))).body);
      expect($('#file-errors li').text()).toContain(
        'The columns expected are Full name (or First name and Last name), Work email, Job title and Start date',
      );
      const empty = await upload(manager, url, '');
      expect(empty.statusCode).toBe(422);
      expect(errorSummary(empty.body)).toEqual(['The selected file is empty']);
      const { payload, contentType } = multipart({ _csrf: manager.csrfToken ?? '' });
      const none = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: manager.cookieHeader, 'content-type': contentType },
        payload,
      });
      expect(errorSummary(none.body)).toEqual(['Select a CSV file to import']);
      // A NUL in a header or a cell (PostgreSQL cannot store one) is refused on its row, and shown replaced.
      const nul = await upload(
        manager,
        url,
        `${HEADER},Note\u0000\nE1,Ann\u0000Lee,ann@agency.example,,Eng,2026-01-01,,x`,
      );
      expect(nul.statusCode).toBe(303);
      const $nul = parse((await manager.get(String(nul.headers.location))).body);
      expect(rowsOf($nul, '#row-errors')).toEqual([
        '2 | Ann\uFFFDLee | Full name contains a character that is not allowed',
      ]);
      expect($nul('#columns-used').text()).toContain('Not used: “Note\uFFFD”');
      // Binary junk is read as text and found to have no columns it knows: a message, never a 500.
      const junk = await upload(manager, url, Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x22, 0x0a, 0x22, 0x80]), 'x.csv');
      expect(junk.statusCode).toBe(303);
      expect((await manager.get(String(junk.headers.location))).statusCode).toBe(200);
    });

    it('asks again when the register changed after the preview, and keeps imports to their importer', async () => {
      const { c, manager, rep, url } = await setUp();
      const uploaded = await upload(manager, url, `${HEADER}\nE1,Ann,ann@agency.example,,Eng,2026-01-01,`);
      const previewUrl = String(uploaded.headers.location);
      await t.services.personnel.create(c.agencyActor, c.contract.id, {
        name: 'Zed',
        email: 'zed@agency.example',
        employer: 'agency',
        jobTitle: 'Eng',
        startDate: '2026-01-01',
      });
      const stale = await manager.post(previewUrl, {});
      expect(stale.statusCode).toBe(409);
      expect(pageText(stale.body)).toContain('The register changed after this preview, so nothing was imported');
      expect((await t.services.personnel.list(c.contract.id)).map((p) => p.name)).toEqual(['Zed']);
      expect((await rep.get(previewUrl)).statusCode).toBe(403);
      expect((await rep.get(url)).statusCode).toBe(403);
    });
  });
}
