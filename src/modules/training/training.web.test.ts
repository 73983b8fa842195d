import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { aContractWithLeads, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, flashText, pageText, parse } from '../../../test/support/html.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const system = { type: 'system' as const, name: 'test' };

for (const dialect of await dialectsUnderTest()) {
  describe(`security training pages (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function setUp() {
      const c = await aContractWithLeads(t);
      const viewerUser = await aUser(t, c.client.id);
      await t.services.contracts.grant(system, c.contract.id, { userId: viewerUser.id, role: 'client-viewer' });
      const ann = await t.services.personnel.create(c.agencyActor, c.contract.id, {
        name: 'Ann Ng',
        email: 'ann@agency.example',
        employer: 'agency',
        jobTitle: 'Engineer',
        startDate: '2025-01-06',
        externalId: 'E1',
      });
      const [course] = await t.services.training.courses(c.contract.id);
      return {
        c,
        ann,
        course: course!,
        url: `/contracts/${c.contract.id}/training`,
        personUrl: `/contracts/${c.contract.id}/personnel/${ann.id}`,
        manager: (await signIn(t, c.manager.email)).agent,
        rep: (await signIn(t, c.rep.email)).agent,
        viewer: (await signIn(t, viewerUser.email)).agent,
      };
    }

    const upload = (agent: BrowserAgent, url: string, text: string) => {
      const { payload, contentType } = multipart(
        { _csrf: agent.csrfToken ?? '' },
        { name: 'lms.csv', data: Buffer.from(text), type: 'text/csv' },
      );
      return t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: agent.cookieHeader, 'content-type': contentType },
        payload,
      });
    };

    it('records a completion from the person page, keeping input on error; the Client sees the standing, not the evidence', async () => {
      const { c, personUrl, manager, rep, viewer, course } = await setUp();
      const person = parse((await manager.get(personUrl)).body);
      expect(person('#training').text()).toBe('Security training');
      expect(person('#training-courses').text()).toContain('Not completed');
      const form = await manager.get(`${personUrl}/training`);
      expect(form.statusCode).toBe(200);
      const bad = await manager.post(`${personUrl}/training`, {
        courseId: course.id,
        'completedOn-day': '31',
        'completedOn-month': '2',
        'completedOn-year': '2026',
        evidenceRef: 'Certificate 881',
      });
      expect(bad.statusCode).toBe(422);
      expect(errorSummary(bad.body)).toEqual(['The date it was completed must be a real date']);
      expect(parse(bad.body)('#evidenceRef').val()).toBe('Certificate 881');
      const ok = await manager.post(`${personUrl}/training`, {
        courseId: course.id,
        'completedOn-day': '1',
        'completedOn-month': '6',
        'completedOn-year': '2026',
        evidenceRef: 'Certificate 881',
      });
      expect(ok.statusCode).toBe(303);
      const after = await manager.follow(ok);
      expect(flashText(after.body)).toBe('Secure information management was recorded as completed');
      expect(parse(after.body)('#training-courses').text()).toContain('Certificate 881');
      expect(parse(after.body)('#training-courses').text()).toContain('1 June 2027');
      const seen = parse((await viewer.get(personUrl)).body)('#training-courses').text();
      expect(seen).toContain('Current');
      expect(seen).not.toContain('Certificate 881');
      expect((await viewer.get(`${personUrl}/training`)).statusCode).toBe(403);
      // The audit page says it in a sentence the Client can read, without the evidence reference.
      const audit = pageText((await rep.get(`/contracts/${c.contract.id}/audit`)).body);
      expect(audit).toContain('Recorded that Ann Ng completed “Secure information management” on 1 June 2026');
      expect(audit).toContain('Added the training course “Secure information management”');
      expect(audit).not.toContain('Certificate 881');
    });

    it('lists courses with counts, and lets only the Client’s Representative record another period', async () => {
      const { url, manager, rep, viewer, course } = await setUp();
      const list = parse((await viewer.get(url)).body);
      expect(list(`#course-${course.id}`).text()).toContain('12 Months');
      expect(list('#courses tbody td[data-label="Not completed"]').text().trim()).toMatch(/^1/);
      expect((await manager.get(`${url}/${course.id}/recurrence`)).statusCode).toBe(403);
      const page = await rep.get(`${url}/${course.id}`);
      expect(page.body).toContain('Record the Client’s agreement');
      const bad = await rep.post(`${url}/${course.id}/recurrence`, {
        agreedByName: '',
        'agreedOn-day': '',
        'agreedOn-month': '',
        'agreedOn-year': '',
        months: '99',
        reason: 'Quarterly refreshers',
      });
      expect(bad.statusCode).toBe(422);
      expect(errorSummary(bad.body)).toEqual([
        'Enter who agreed for the Client',
        'Enter the date of the written agreement',
        'Enter a number of Months from 1 to 36',
      ]);
      const ok = await rep.post(`${url}/${course.id}/recurrence`, {
        agreedByName: 'Jo Client',
        'agreedOn-day': '20',
        'agreedOn-month': '11',
        'agreedOn-year': '2026',
        months: '6',
        reason: 'Quarterly refreshers',
      });
      expect(ok.statusCode).toBe(303);
      const shown = pageText((await manager.get(`${url}/${course.id}`)).body);
      expect(shown).toContain(
        '6 Months, as the Client agreed in writing: Jo Client for the Client on 20 November 2026',
      );
    });

    it('adds a course through the form', async () => {
      const { url, manager } = await setUp();
      await manager.get(`${url}/new`);
      const bad = await manager.post(url, { name: '', code: '', about: '' });
      expect(errorSummary(bad.body)).toEqual(['Enter the course’s name']);
      const ok = await manager.post(url, { name: 'Phishing awareness', code: 'PH1', about: '' });
      expect(ok.statusCode).toBe(303);
      expect(parse((await manager.get(url)).body)('#courses').text()).toContain('Phishing awareness');
    });

    it('imports completions: the preview names each row’s problem; a clean file applies in full', async () => {
      const { url, manager, personUrl } = await setUp();
      await manager.get(`${url}/import`);
      const bad = await upload(
        manager,
        `${url}/import`,
        'Learner email,Course,Completion date\nann@agency.example,Secure information management,2026-13-01\n',
      );
      expect(bad.statusCode).toBe(303);
      const preview = await manager.get(String(bad.headers.location));
      expect(parse(preview.body)('#row-errors').text()).toContain('Completion date “2026-13-01” is not a real date');
      expect((await manager.post(String(bad.headers.location), {})).statusCode).toBe(409);
      const good = await upload(
        manager,
        `${url}/import`,
        'Employee ID,Course name,Completed on,Certificate ID\nE1,Secure information management,01/06/2026,C-9\n',
      );
      const applied = await manager.post(String(good.headers.location), {});
      expect(applied.statusCode).toBe(303);
      expect(flashText((await manager.follow(applied)).body)).toBe(
        'lms.csv was imported: 1 completion recorded, 0 already recorded',
      );
      expect(parse((await manager.get(personUrl)).body)('#training-courses').text()).toContain('Certificate C-9');
      const none = await upload(manager, `${url}/import`, '');
      expect(none.statusCode).toBe(422);
    });
  });
}
