import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anAdmin, anOrganisation, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, flashText, heading, inputValue, pageText, parse } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { SHIPPED_BANK_HOLIDAYS, type BankHolidaysData } from '../../platform/calendar/index.ts';

const text = pageText;
const holidayForm = (extra: Record<string, string | string[]> = {}) => ({
  'date-day': '4',
  'date-month': '6',
  'date-year': '2030',
  title: 'Royal jubilee holiday',
  divisions: ['england-and-wales', 'northern-ireland'],
  reason: 'Proclaimed on 1 March 2030',
  ...extra,
});
/** The shipped data with New Year’s Day 2029 published for England and Wales. */
function newerCopy(): BankHolidaysData {
  const newer = structuredClone(SHIPPED_BANK_HOLIDAYS) as BankHolidaysData;
  newer['england-and-wales'].events.push({ title: 'New Year’s Day', date: '2029-01-01', notes: '', bunting: true });
  return newer;
}
/** How many elements on the page match the selector. */
const count = (html: string, selector: string) => parse(html)(selector).length;

for (const dialect of await dialectsUnderTest()) {
  describe(`calendar pages (${dialect})`, () => {
    // An app per test: the calendar's version numbers run across the whole app.
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof anAdmin>>;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
      admin = await anAdmin(t);
    });
    afterEach(async () => t?.close());

    /** Someone signed in who is not an administrator. */
    const aPerson = async () => signIn(t, (await aUser(t, (await anOrganisation(t, 'client')).id)).email);
    /**
     * The calendar as the administrator's changes leave it at `version`: 2 the Royal jubilee holiday added, 3 it
     * removed again, 4 the newer GOV.UK data loaded.
     */
    async function atVersion(version: 2 | 3 | 4) {
      await admin.agent.get('/admin/calendar');
      expect((await admin.agent.post('/admin/calendar/holidays', holidayForm())).statusCode).toBe(303);
      if (version >= 3) {
        const [holiday] = await t.services.calendar.oneOffHolidays();
        const removed = await admin.agent.post('/admin/calendar/holidays/remove', { holidayId: holiday!.id });
        expect(removed.statusCode).toBe(303);
      }
      if (version >= 4) {
        const loaded = await admin.agent.post('/admin/calendar/import', { json: JSON.stringify(newerCopy()) });
        expect(loaded.statusCode).toBe(303);
      }
      expect(await t.services.calendar.version()).toBe(version);
    }

    it('shows the administrator this year’s bank holidays, the version and the years GOV.UK covers', async () => {
      const page = await admin.agent.get('/admin/calendar');
      expect(page.statusCode).toBe(200);
      expect(heading(page.body)).toBe('Bank holidays');
      const body = text(page.body);
      expect(body).toContain('Calendar version 1');
      expect(body).toContain('GOV.UK data for Scotland 2018 to 2028');
      expect(body).toContain('Bank holidays in England and Wales, 2026');
      expect(body).toContain('Fri 25 Dec 2026 Christmas Day GOV.UK');
      expect(body).toContain('Mon 28 Dec 2026 Boxing Day (substitute day) GOV.UK');
      expect(count(page.body, 'option[value="england-and-wales"][selected]')).toBeGreaterThan(0);
    });

    it('shows another division and year, marking years computed by rule as provisional', async () => {
      const page = await admin.agent.get('/admin/calendar?division=scotland&year=2031');
      const body = text(page.body);
      expect(body).toContain('Bank holidays in Scotland, 2031');
      expect(body).toContain('Mon 1 Dec 2031 St Andrew’s Day (substitute day) Provisional Computed by rule');
      expect(body).toContain('GOV.UK has not published this year for this division');
      const bad = await admin.agent.get('/admin/calendar?division=wales&year=twenty');
      expect(bad.statusCode).toBe(422);
      expect(errorSummary(bad.body)).toEqual([
        'Select England and Wales, Scotland or Northern Ireland',
        'Enter a year from 1900 to 2199, like 2027',
      ]);
      expect(inputValue(bad.body, 'year')).toBe('twenty');
    });

    it('adds a one-off holiday, shows it with who added it, and audits it as a privileged action', async () => {
      await admin.agent.get('/admin/calendar');
      const res = await admin.agent.post('/admin/calendar/holidays', holidayForm());
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/calendar?division=england-and-wales&year=2030');
      const page = await admin.agent.follow(res);
      expect(flashText(page.body)).toBe(
        'Royal jubilee holiday on Tue 4 Jun 2030 was added. The calendar is now version 2.',
      );
      const body = text(page.body);
      expect(body).toContain('Tue 4 Jun 2030 Royal jubilee holiday One-off holiday');
      expect(body).toContain('England and Wales and Northern Ireland Proclaimed on 1 March 2030 Ada Admin');
      expect(body).toContain(
        'One-off holiday added: Royal jubilee holiday on Tue 4 Jun 2030 in England and Wales and Northern Ireland',
      );
      const [event] = await t.services.audit.listRecent({ action: 'calendar-holiday.create', limit: 5 });
      expect(event).toMatchObject({ actor_id: admin.user.id });
      expect(Number(event!.privileged)).toBe(1);
      expect((await t.services.calendar.current()).isWorkingDay('2030-06-04', 'scotland')).toBe(true);
    });

    it('names each problem in the form, keeping what was typed', async () => {
      await atVersion(2);
      await admin.agent.get('/admin/calendar');
      const empty = await admin.agent.post('/admin/calendar/holidays', {});
      expect(empty.statusCode).toBe(422);
      expect(errorSummary(empty.body)).toEqual([
        'Enter the date of the holiday',
        'Enter the name of the holiday',
        'Select where the holiday applies',
        'Enter why the holiday is being added',
      ]);
      expect(count(empty.body, 'a[href="#date-day"]')).toBeGreaterThan(0);
      const wrong = await admin.agent.post(
        '/admin/calendar/holidays',
        holidayForm({ 'date-day': '31', 'date-month': '2', title: 'Kept title', divisions: 'scotland' }),
      );
      expect(errorSummary(wrong.body)).toEqual(['The date of the holiday must be a real date']);
      expect(inputValue(wrong.body, 'title')).toBe('Kept title');
      expect(inputValue(wrong.body, 'date-day')).toBe('31');
      expect(count(wrong.body, 'input[name="divisions"][type="checkbox"][value="scotland"][checked]')).toBeGreaterThan(
        0,
      );
      expect(count(wrong.body, 'input[name="divisions"][type="checkbox"][value="england-and-wales"][checked]')).toBe(0);
      const weekend = await admin.agent.post(
        '/admin/calendar/holidays',
        holidayForm({ 'date-day': '1', 'date-month': '6' }),
      );
      expect(errorSummary(weekend.body)).toEqual([
        'A one-off holiday must be on a weekday: Saturdays and Sundays are never Working Days',
      ]);
      const taken = await admin.agent.post('/admin/calendar/holidays', holidayForm());
      expect(errorSummary(taken.body)).toEqual([
        'Tue 4 Jun 2030 is already a holiday in England and Wales (Royal jubilee holiday) and Northern Ireland (Royal jubilee holiday)',
      ]);
      expect(await t.services.calendar.version()).toBe(2);
    });

    it('removes a one-off holiday; an unknown one is not found', async () => {
      await atVersion(2);
      const [holiday] = await t.services.calendar.oneOffHolidays();
      await admin.agent.get('/admin/calendar');
      expect(
        (
          await admin.agent.post('/admin/calendar/holidays/remove', {
            holidayId: '0190a0a0-0000-7000-8000-000000000000',
          })
        ).statusCode,
      ).toBe(404);
      expect((await admin.agent.post('/admin/calendar/holidays/remove', { holidayId: '../etc' })).statusCode).toBe(404);
      const res = await admin.agent.post('/admin/calendar/holidays/remove', { holidayId: holiday!.id });
      expect(res.statusCode).toBe(303);
      const page = await admin.agent.follow(res);
      expect(flashText(page.body)).toBe(
        'Royal jubilee holiday on Tue 4 Jun 2030 was removed. The calendar is now version 3.',
      );
      expect(text(page.body)).toContain('No one-off holidays have been added.');
    });

    it('loads pasted GOV.UK data, and explains data that is not', async () => {
      await atVersion(3);
      const newer = newerCopy();
      await admin.agent.get('/admin/calendar');
      const res = await admin.agent.post('/admin/calendar/import', { json: JSON.stringify(newer) });
      expect(res.statusCode).toBe(303);
      expect(flashText((await admin.agent.follow(res)).body)).toMatch(
        /^The calendar is now version 4: GOV\.UK bank holidays loaded from the administration page: \d+ removed and 1 changed\.$/,
      );
      const again = await admin.agent.post('/admin/calendar/import', { json: JSON.stringify(newer) });
      expect(flashText((await admin.agent.follow(again)).body)).toBe(
        'Nothing changed: the calendar already has these bank holidays.',
      );
      const bad = await admin.agent.post('/admin/calendar/import', { json: '{"england-and-wales": [' });
      expect(bad.statusCode).toBe(422);
      expect(errorSummary(bad.body)[0]).toMatch(/^This is not GOV\.UK bank holiday data: it is not valid JSON \(/);
      const $ = parse(bad.body);
      expect(
        $('textarea')
          .toArray()
          .some((el) => $(el).text().endsWith('{"england-and-wales": [')),
      ).toBe(true);
      expect(errorSummary((await admin.agent.post('/admin/calendar/import', { json: '  ' })).body)).toEqual([
        'Paste the contents of bank-holidays.json',
      ]);
      expect(await t.services.calendar.version()).toBe(4);
    });

    it('refuses a form without its CSRF token, and the pages to anyone but an administrator', async () => {
      await atVersion(4);
      const person = await aPerson();
      expect(
        (await admin.agent.post('/admin/calendar/holidays', holidayForm({ 'date-day': '5' }), { csrf: false }))
          .statusCode,
      ).toBe(403);
      expect((await person.agent.get('/admin/calendar')).statusCode).toBe(403);
      expect(await t.services.calendar.version()).toBe(4);
    });

    it('gives anyone signed in a Working-Day calculator with the explanation', async () => {
      const person = await aPerson();
      const blank = await person.agent.get('/calendar');
      expect(blank.statusCode).toBe(200);
      expect(heading(blank.body)).toBe('Working-Day calculator');
      expect(
        count(blank.body, 'input[name="division"][type="radio"][value="england-and-wales"][checked]'),
      ).toBeGreaterThan(0);
      const res = await person.agent.get(
        '/calendar?fromDate-day=30&fromDate-month=11&fromDate-year=2026&workingDays=20&division=england-and-wales',
      );
      expect(res.statusCode).toBe(200);
      const body = text(res.body);
      expect(body).toContain('Due Wed 30 Dec 2026');
      expect(body).toContain('23:59:59 UK time on Wed 30 Dec 2026');
      expect(body).toContain(
        'Due Wed 30 Dec 2026: 20 Working Days after the date entered (Mon 30 Nov 2026), skipping 25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day)',
      );
      expect(body).toContain('Mon 30 Nov 2026 is a Working Day in England and Wales');
      expect(body).not.toContain('Provisional');
      expect(inputValue(res.body, 'workingDays')).toBe('20');
      const scot = text(
        (
          await person.agent.get(
            '/calendar?fromDate-day=27&fromDate-month=11&fromDate-year=2026&workingDays=1&division=scotland',
          )
        ).body,
      );
      expect(scot).toContain(
        'Due Tue 1 Dec 2026: 1 Working Day (Scotland) after the date entered (Fri 27 Nov 2026), skipping 30 Nov (St Andrew’s Day)',
      );
      const later = text(
        (await person.agent.get('/calendar?fromDate-day=10&fromDate-month=12&fromDate-year=2031&workingDays=20')).body,
      );
      expect(later).toContain('Provisional: this depends on bank holidays computed by rule');
    });

    it('names each problem with the calculator’s input, keeping it', async () => {
      const person = await aPerson();
      const res = await person.agent.get(
        '/calendar?fromDate-day=30&fromDate-month=13&fromDate-year=2026&workingDays=lots&division=wales',
      );
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toEqual([
        'The date must be a real date',
        'Enter the number of Working Days as a whole number from 0 to 2000',
        'Select England and Wales, Scotland or Northern Ireland',
      ]);
      expect(inputValue(res.body, 'fromDate-month')).toBe('13');
      expect(inputValue(res.body, 'workingDays')).toBe('lots');
      const empty = await person.agent.get('/calendar?workingDays=');
      expect(errorSummary(empty.body)).toEqual(['Enter the date', 'Enter the number of Working Days']);
      const many = await person.agent.get(
        '/calendar?fromDate-day=1&fromDate-month=1&fromDate-year=2026&workingDays=2001',
      );
      expect(errorSummary(many.body)).toEqual(['Enter the number of Working Days as a whole number from 0 to 2000']);
      const twice = await person.agent.get(
        '/calendar?fromDate-day=1&fromDate-day=2&fromDate-month=1&fromDate-year=2026&workingDays=1',
      );
      expect(twice.statusCode).toBe(422);
    });
  });
}
