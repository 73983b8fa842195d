import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  civilDateInLondon,
  createCalendar,
  formatLong,
  formatShort,
  SHIPPED_BANK_HOLIDAYS,
  type CivilDate,
} from '../src/platform/calendar/index.ts';
import { ActivatePage, MfaEnrolPage, SetupPage, SignInPage, signOut, type Person } from './pages/accounts.ts';
import { OrganisationsPages, UsersPages } from './pages/admin.ts';
import { ContractEditPage, ContractFormPage, ContractsPages } from './pages/contracts.ts';
import { ContractDeadlinesPages, fetchFeed, MyDeadlinesPage, vevents, type NewDeadline } from './pages/deadlines.ts';
import { Auditor } from './support/auditor.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { Visitor } from './support/visitor.ts';
import { walk } from './support/steps.ts';

const AGENCY = 'Northwind Deadlines';
const CLIENT = 'Department for Deadlines';
// Short addresses: the accounts pages ("User added", "Activate your account") print "(email)." as one
// unbreakable word, which scrolls sideways at 320 px from about 30 characters (left to their owners).
const admin: Person = {
  displayName: 'Dora Admin',
  email: 'dora@northwind.example',
  password: 'quartz harbour lantern meadow',
};
const manager: Person = {
  displayName: 'Sam Security',
  email: 'sam@northwind.example',
  password: 'meadow tundra violet anchor',
};
const clientRep: Person = {
  displayName: 'Clara Client',
  email: 'clara@example.gov.uk',
  password: 'biscuit anchor violet tundra',
};
const CONTRACT = { orderReference: 'E2E-DL-1', title: 'Secure records service' };

// The clock starts three days from today (London), on a contract that starts today, so the
// deadline is to come and inside the timeline's 60 Working Days whatever day the suite runs.
const today = civilDateInLondon(new Date());
const trigger = addDays(today, 3);
// The administrator corrects the contract's Start Date to tomorrow, which moves the plan's clock.
const startDate = addDays(today, 1);
const parts = (d: CivilDate) => ({
  day: String(Number(d.slice(8, 10))),
  month: String(Number(d.slice(5, 7))),
  year: d.slice(0, 4),
});
const DEADLINE: NewDeadline = {
  clause: 'B6.2',
  title: "Revoke the leaver's access to Government Data",
  owedBy: 'The Agency',
  triggerLabel: "the leaver's last day",
  triggerDate: parts(trigger),
  count: '1',
  countedIn: 'Working Days',
};
// What the server should work out, on the bank holidays it ships with (a fresh server's calendar).
const expected = createCalendar({ holidays: { govUk: SHIPPED_BANK_HOLIDAYS }, version: 1 }).workingDayDeadline({
  from: trigger,
  workingDays: 1,
  trigger: DEADLINE.triggerLabel,
  division: 'england-and-wales',
});
// The plan's delivery clock (A4.3.1): 20 Working Days after a Start Date.
const expected20 = (start: CivilDate) =>
  createCalendar({ holidays: { govUk: SHIPPED_BANK_HOLIDAYS }, version: 1 }).workingDayDeadline({
    from: start,
    workingDays: 20,
    trigger: 'the Start Date',
    division: 'england-and-wales',
  });
const WAIVER = 'The leaver never had access to Government Data: their account was never activated.';

/**
 * Deadlines in a browser: an administrator sets up a contract with an Agency security manager and a
 * Client's Representative; the security manager adds a hand-made deadline (error summary first),
 * sees it explained in the table and on the timeline, finds it under "Your deadlines" and in a
 * private calendar feed that stops working when stopped; the Client's Representative (JavaScript
 * off) waives it with a reason. Every page is checked with axe and at 320 px, like the journey.
 */
describe.skipIf(!chromiumAvailable())('deadlines in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let auditor: Auditor;
  let adminView: Visitor;
  let managerView: Visitor;
  let clientView: Visitor;
  const links = { manager: '', client: '' };
  // Rows other than the contract's own Security Management Plan clock (A4.3.1), which every contract starts with.
  const handMade = <R extends { clause: string }>(rows: R[]) => rows.filter((r) => r.clause !== 'A4.3.1');
  let contractId = '';
  let deadlineId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    auditor = new Auditor(browser);
    adminView = await Visitor.open(browser, auditor, {
      name: 'Administrator',
      baseUrl: server.baseUrl,
      javaScript: true,
    });
    managerView = await Visitor.open(browser, auditor, {
      name: 'Agency security manager',
      baseUrl: server.baseUrl,
      javaScript: true,
    });
    clientView = await Visitor.open(browser, auditor, {
      name: "Client's Representative (no JS)",
      baseUrl: server.baseUrl,
      javaScript: false,
    });
  }, 60_000);

  afterAll(async () => {
    if (auditor)
      console.log(`\nDeadline pages checked (axe ${auditor.checks.length}×, 320 px reflow):\n${auditor.summary()}\n`);
    await auditor?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  }, 30_000);

  const step = walk(
    () => [adminView, managerView, clientView],
    () => server.output(),
  );

  step('an administrator is set up and signed in', async () => {
    await (await new SetupPage(adminView).open(server.setupUrl)).createAdministrator(AGENCY, admin);
    await (await new SignInPage(adminView).open()).signInAndEnrol(admin);
    await new MfaEnrolPage(adminView).continueFromRecoveryCodes();
  });

  step(
    "the administrator adds the Client, an Agency security manager and a Client's Representative to a contract",
    async () => {
      await new OrganisationsPages(adminView).add(CLIENT, 'Client (buyer)');
      links.manager = await new UsersPages(adminView).add(manager, `${AGENCY} (agency)`);
      links.client = await new UsersPages(adminView).add(clientRep, `${CLIENT} (client)`);
      contractId = await (
        await new ContractFormPage(adminView).open()
      ).add({
        ...CONTRACT,
        startDate: parts(today),
        agency: AGENCY,
        client: CLIENT,
        representative: `${clientRep.displayName} – ${CLIENT}`,
      });

      // "Manage roles" on the overview: the Agency's security manager.
      await adminView.follow(adminView.page.locator('main').getByRole('button', { name: 'Manage roles' }));
      expect(await adminView.heading()).toBe('Roles on this contract');
      await adminView.page.getByLabel('Person').selectOption({ label: `${manager.displayName} (${manager.email})` });
      await adminView.page.getByLabel('Role').selectOption({ label: 'Agency security manager' });
      await adminView.submit('Give role', { label: 'Roles on this contract, after giving one' });
      expect(await adminView.banner()).toContain('The role was given');
      expect(await new ContractsPages(adminView).members(contractId)).toEqual(
        expect.arrayContaining([
          { name: clientRep.displayName, role: "Client's Representative" },
          { name: manager.displayName, role: 'Agency security manager' },
        ]),
      );
    },
  );

  step(
    'the administrator corrects the Start Date: another division needs a reason, and the plan clock (A4.3.1) moves',
    async () => {
      const edit = await new ContractEditPage(adminView).open(contractId);
      await edit.fill({ startDate: parts(startDate), division: 'Scotland' });
      expect(await edit.saveWithErrors()).toEqual([
        'Enter why this contract counts Working Days in Scotland rather than England and Wales',
      ]);
      expect(await adminView.page.locator('#workingDayDivisionReason-error').innerText()).toContain('Enter why');
      await edit.fill({ startDate: parts(startDate), division: 'England and Wales (the default, Joint Schedule 1)' });
      await edit.save();
      await signOut(adminView);
    },
  );

  step('the Agency security manager activates their account, signs in and enrols', async () => {
    await new ActivatePage(managerView).activate(links.manager, manager.password);
    await (await new SignInPage(managerView).open()).signInAndEnrol(manager);
    await new MfaEnrolPage(managerView).continueFromRecoveryCodes();
  });

  step('the security manager follows "Deadlines" from the contract: only the plan\'s own clock so far', async () => {
    const page = await new ContractDeadlinesPages(managerView).openFromContract(contractId);
    // Every contract starts with its Security Management Plan clock (A4.3.1); the rest of this walk is about a hand-made one.
    const rows = await page.rows();
    expect(rows.map((r) => [r.clause, r.owedBy, r.status])).toEqual([['A4.3.1', 'Agency', 'Open']]);
    // Counted from the corrected Start Date, saying so.
    const plan = expected20(startDate);
    expect(rows[0]).toMatchObject({ due: formatLong(plan.dueDate) });
    const change = `the Start Date changed from ${formatLong(today)} to ${formatLong(startDate)}`;
    const first = expected20(today);
    expect(rows[0]!.explanation).toBe(
      `${plan.explanation}. ${first.dueDate === plan.dueDate ? `Due date unchanged when ${change}` : `Moved from ${formatLong(first.dueDate)} because ${change}`}`,
    );
    const timeline = await page.timeline();
    expect(timeline.name).toBe('Timeline of deadlines');
    expect(timeline.description).toMatch(/^60 Working Days from .+: 1 deadline due\./);
    expect(timeline.items.map((i) => i.text)).toEqual([
      expect.stringMatching(/^A4\.3\.1 Deliver the Security Management Plan/),
    ]);
  });

  step('adding a deadline with a wrong date and length shows the error summary and keeps the input', async () => {
    const page = new ContractDeadlinesPages(managerView);
    await page.openForm();
    const errors = await page.addWithErrors({
      ...DEADLINE,
      triggerDate: { day: '31', month: '2', year: DEADLINE.triggerDate.year },
      count: '0',
    });
    expect(errors).toEqual(['The date the clock starts must be a real date', 'Enter a number from 1 to 366']);
    // Each summary entry links to its field.
    const hrefs = await managerView.page
      .locator('.govuk-error-summary__list a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['#triggerDate-day', '#ruleCount']);
    for (const href of hrefs) expect(await managerView.page.locator(href!).count()).toBe(1);
    expect(await page.keptValues()).toEqual({
      clause: DEADLINE.clause,
      title: DEADLINE.title,
      agency: true,
      triggerLabel: DEADLINE.triggerLabel,
      day: '31',
      month: '2',
      year: DEADLINE.triggerDate.year,
      count: '0',
      workingDays: true,
    });
  });

  step('with the input put right, the deadline is added and explained in the table', async () => {
    const page = new ContractDeadlinesPages(managerView);
    const banner = await page.add(DEADLINE);
    expect(banner).toContain(
      `Deadline added: ${DEADLINE.clause} ${DEADLINE.title}, due ${formatLong(expected.dueDate)}`,
    );
    const rows = handMade(await page.rows());
    expect(rows).toHaveLength(1);
    deadlineId = rows[0]!.id;
    expect(rows[0]).toEqual({
      id: deadlineId,
      clause: 'B6.2',
      title: DEADLINE.title,
      owedBy: 'Agency',
      due: formatLong(expected.dueDate),
      explanation: expected.explanation,
      status: 'Open',
      done: '',
    });
    expect(rows[0]!.explanation).toMatch(/: 1 Working Day after the leaver's last day \(/);
  });

  step('the timeline shows the deadline: an SVG with role img and the numbered list under it', async () => {
    const page = new ContractDeadlinesPages(managerView);
    const timeline = await page.timeline();
    const text = `${DEADLINE.clause} ${DEADLINE.title}: due ${formatShort(expected.dueDate)}`;
    expect(timeline.description).toMatch(/: 2 deadlines due\./);
    expect(timeline.description).toContain(`1. ${text}.`);
    expect(timeline.items[0]).toEqual({ text, href: `#deadline-${deadlineId}` });
    expect(await managerView.page.locator(`tr#deadline-${deadlineId}`).count()).toBe(1);
    // The marker is drawn, numbered 1.
    expect(await managerView.page.locator('svg[role="img"] g text').allTextContents()).toEqual(['1', '2']);
  });

  step('"Your deadlines" lists it with its contract', async () => {
    const mine = await new MyDeadlinesPage(managerView).open();
    expect(
      handMade(await mine.rows()).map(({ contract, clause, title, owedBy, status }) => ({
        contract,
        clause,
        title,
        owedBy,
        status,
      })),
    ).toEqual([
      { contract: CONTRACT.orderReference, clause: 'B6.2', title: DEADLINE.title, owedBy: 'Agency', status: 'Open' },
    ]);
  });

  step(
    'a feed address serves the deadline as text/calendar; a new one replaces it; stopping the feed ends it',
    async () => {
      const mine = new MyDeadlinesPage(managerView);
      const first = await mine.makeFeed();
      const served = await fetchFeed(first);
      expect(served.status).toBe(200);
      expect(served.contentType).toMatch(/^text\/calendar\b/);
      const events = vevents(served.body).filter((e) => !e.SUMMARY?.includes('A4.3.1'));
      expect(events).toHaveLength(1);
      expect(events[0]!.SUMMARY).toContain(DEADLINE.clause);
      expect(events[0]!.SUMMARY).toBe(`${CONTRACT.orderReference} ${DEADLINE.clause} ${DEADLINE.title}`);
      expect(events[0]!.DTSTART).toBe(expected.dueDate.replaceAll('-', ''));
      expect(events[0]!.UID).toBe(`${deadlineId}@custodian`);

      // A new address stops the old one: it is confirmed first.
      const second = await mine.replaceFeed();
      expect(second).not.toBe(first);
      expect((await fetchFeed(first)).status).toBe(404);
      expect((await fetchFeed(second)).status).toBe(200);

      expect(await mine.stopFeed()).toContain('Your calendar feed address no longer works');
      expect((await fetchFeed(second)).status).toBe(404);
    },
  );

  step("the Client's Representative, with JavaScript off, activates their account, signs in and enrols", async () => {
    await new ActivatePage(clientView).activate(links.client, clientRep.password);
    await (await new SignInPage(clientView).open()).signInAndEnrol(clientRep);
    await new MfaEnrolPage(clientView).continueFromRecoveryCodes();
  });

  step("the Client's Representative waives the Agency's deadline, after being told a reason is required", async () => {
    const page = await new ContractDeadlinesPages(clientView).openFromContract(contractId);
    await page.openWaive(DEADLINE.clause, DEADLINE.title);
    expect(await page.waiveSummary()).toEqual({
      Clause: 'B6.2',
      'What is due': DEADLINE.title,
      'Owed by': 'Agency',
      Due: `${formatLong(expected.dueDate)}. ${expected.explanation}`,
    });
    expect(await page.waiveEmpty()).toEqual(['Enter why it is waived']);
    expect(await clientView.page.locator('#reason-error').innerText()).toContain('Enter why it is waived');

    expect(await page.waive(WAIVER)).toContain(`Waived: ${DEADLINE.clause} ${DEADLINE.title}`);
    const [row] = handMade(await page.rows());
    expect(row).toMatchObject({ id: deadlineId, clause: 'B6.2', status: 'Waived', done: `Waived: ${WAIVER}` });
    // Nothing left to do: no actions on the row, and nothing on the timeline.
    expect(
      await clientView.page
        .locator(`tr#deadline-${deadlineId}`)
        .getByRole('link', { name: /^Waive/ })
        .count(),
    ).toBe(0);
    const timeline = await page.timeline();
    expect(timeline.items.map((i) => i.text)).toEqual([expect.stringMatching(/^A4\.3\.1 /)]);
    expect(timeline.description).toMatch(/: 1 deadline due\./);
  });

  step("a waived deadline is no longer among the security manager's deadlines, and the Agency sees why", async () => {
    // The security manager is still signed in, in their own browser.
    const mine = await new MyDeadlinesPage(managerView).open();
    expect(handMade(await mine.rows())).toEqual([]);
    const page = await new ContractDeadlinesPages(managerView).openFromContract(contractId);
    expect(handMade(await page.rows())).toEqual([
      expect.objectContaining({ id: deadlineId, status: 'Waived', done: `Waived: ${WAIVER}` }),
    ]);
    await signOut(managerView);
  });

  it('every deadline page passes axe (WCAG 2.1 AA + best practice), reflows at 320 px and has no script or asset errors', () => {
    expect(auditor.checks.length).toBeGreaterThan(0);
    const failures = auditor.failures();
    if (failures.length)
      throw new Error(`${failures.length} of ${auditor.checks.length} pages have problems:${auditor.report()}`);
  });
});
