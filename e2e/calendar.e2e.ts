import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MfaEnrolPage, SetupPage, SignInPage, type Person } from './pages/accounts.ts';
import { CalculatorPage, CalendarAdminPage } from './pages/calendar.ts';
import { Auditor } from './support/auditor.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { Visitor } from './support/visitor.ts';
import { walk } from './support/steps.ts';

const admin: Person = {
  displayName: 'Cal Admin',
  email: 'cal.admin@northwind.example',
  password: 'harbour lantern quartz meadow',
};

/**
 * The Working-Day calendar in a browser: the administrator's page (holidays of a division and year,
 * adding a one-off holiday with the error summary first) and the calculator, every page checked
 * with axe and at 320 px, like the main journey.
 */
describe.skipIf(!chromiumAvailable())('the Working-Day calendar in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let auditor: Auditor;
  let view: Visitor;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    auditor = new Auditor(browser);
    view = await Visitor.open(browser, auditor, { name: 'Administrator', baseUrl: server.baseUrl, javaScript: true });
  }, 60_000);

  afterAll(async () => {
    if (auditor)
      console.log(`\nCalendar pages checked (axe ${auditor.checks.length}×, 320 px reflow):\n${auditor.summary()}\n`);
    await auditor?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  }, 30_000);

  const step = walk(
    () => [view],
    () => server.output(),
  );

  step('an administrator is set up and signed in', async () => {
    await (await new SetupPage(view).open(server.setupUrl)).createAdministrator('Northwind Calendar', admin);
    await (await new SignInPage(view).open()).signInAndEnrol(admin);
    await new MfaEnrolPage(view).continueFromRecoveryCodes();
  });

  step('the administrator sees the bank holidays of a division and year, provisional ones marked', async () => {
    const page = await new CalendarAdminPage(view).open('?division=england-and-wales&year=2026');
    expect(await page.holidays()).toContain('Mon 28 Dec 2026 | Boxing Day (substitute day) | GOV.UK');
    await page.open('?division=scotland&year=2031');
    expect((await page.holidays()).join('\n')).toContain('Provisional');
  });

  step('the administrator adds a one-off holiday after seeing what the empty form lacks', async () => {
    const page = await new CalendarAdminPage(view).open();
    expect(await page.addEmpty()).toEqual([
      'Enter the date of the holiday',
      'Enter the name of the holiday',
      'Enter why the holiday is being added',
    ]);
    await page.addHoliday({
      day: '4',
      month: '6',
      year: '2030',
      title: 'Royal jubilee holiday',
      divisions: ['England and Wales'],
      reason: 'Proclaimed on 1 March 2030',
    });
    expect(await page.holidays()).toContain('Tue 4 Jun 2030 | Royal jubilee holiday | One-off holiday');
  });

  step('the calculator explains a deadline, and the errors when the input is wrong', async () => {
    const calc = await new CalculatorPage(view).open();
    expect(await calc.calculate({ day: '30', month: '2', year: '2026', workingDays: 'x' }, 422)).toEqual({
      heading: null,
      explanation: null,
    });
    expect(await view.errorSummary()).toEqual([
      'The date must be a real date',
      'Enter the number of Working Days as a whole number from 0 to 2000',
    ]);
    const result = await calc.calculate({ day: '30', month: '11', year: '2026', workingDays: '20' });
    expect(result.heading).toBe('Due Wed 30 Dec 2026');
    expect(result.explanation).toBe(
      'Due Wed 30 Dec 2026: 20 Working Days after the date entered (Mon 30 Nov 2026), skipping 25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day)',
    );
  });

  it('every calendar page passes axe (WCAG 2.1 AA + best practice), reflows at 320 px and has no script or asset errors', () => {
    expect(auditor.checks.length).toBeGreaterThan(0);
    const failures = auditor.failures();
    if (failures.length)
      throw new Error(`${failures.length} of ${auditor.checks.length} pages have problems:${auditor.report()}`);
  });
});
