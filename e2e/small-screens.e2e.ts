import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MfaEnrolPage, SignInPage, type Person } from './pages/accounts.ts';
import { Auditor } from './support/auditor.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { startClockedServer, type ClockedServer } from './support/clocked-server.ts';
import { setUpContract } from './support/contract-setup.ts';
import { walk } from './support/steps.ts';
import { Visitor } from './support/visitor.ts';
import { REQUIRED_SECTIONS } from '../src/modules/security-management-plan/index.ts';

const manager: Person = {
  displayName: 'Sam Security',
  email: 'sam.security@northwind.example',
  password: 'copper lantern orchard willow',
};
const clientRep: Person = {
  displayName: 'Cleo Client',
  email: 'cleo.client@example.gov.uk',
  password: 'violet anchor tundra biscuit',
};
/** A phone held upright: the width issue 15 asks every main page to fit. */
const PHONE = { width: 375, height: 800 } as const;
const prose =
  'We protect the service with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.';

/** What does not fit at the page's width: the page itself, a table, or a date clipped or pushed out. */
interface Fit {
  scrollWidth: number;
  tables: { caption: string; stacked: boolean; right: number; overflows: boolean }[];
  clippedDates: string[];
}

/**
 * The main pages at 375 px: nothing scrolls sideways, wide tables become stacked rows (each cell
 * led by its column header) rather than a box to scroll, and no date is clipped. The decision form's
 * conditional reveal is checked with axe once revealed. Every page also goes through the Auditor.
 */
describe.skipIf(!chromiumAvailable())('small screens and the conditional reveal in a browser', () => {
  let server: ClockedServer;
  let browser: Browser;
  let auditor: Auditor;
  let agency: Visitor;
  let client: Visitor;
  let contractId = '';
  let versionId = '';

  beforeAll(async () => {
    server = await startClockedServer('sqlite');
    browser = await launchChromium();
    auditor = new Auditor(browser);
    agency = await Visitor.open(browser, auditor, {
      name: 'Agency (375 px)',
      baseUrl: server.baseUrl,
      javaScript: true,
    });
    client = await Visitor.open(browser, auditor, { name: 'Client', baseUrl: server.baseUrl, javaScript: true });
    contractId = await setUpContract(server, {
      agency: 'Northwind Digital Services and Consulting',
      client: 'Department for Extremely Long Organisation Names',
      orderReference: 'E2E-PHONE-2026-000123',
      title: 'Managed print, scanning and document handling service',
      startDate: '2026-12-01',
      manager,
      clientRep,
    });
    // A submitted plan, a registered document and a system, so the tables have rows.
    const { smp, users, systems } = server.services;
    const m = (await users.list()).find((u) => u.email === manager.email)!;
    const actor = { type: 'user' as const, userId: m.id, organisationId: m.organisationId, privileged: false };
    const draft = await smp.draft(actor, contractId);
    for (const s of REQUIRED_SECTIONS)
      await smp.saveSection(actor, contractId, draft.id, { key: s.key, heading: s.heading, markdown: prose });
    await smp.saveLists(actor, contractId, draft.id, {
      roles: [{ role: 'Security manager', userId: m.id }],
      thirdParties: [],
    });
    versionId = (await smp.submit(actor, contractId, draft.id)).id;
    await smp.register.add(actor, contractId, {
      title: 'Information Security Policy for Managed Print Services',
      version: '3.1',
      owner: 'Northwind Digital Services and Consulting',
      location: 'https://documents.northwind.example/policies/information-security/managed-print/v3.1.pdf',
      bothPartiesHold: 'yes',
    });
    await systems.create(actor, contractId, {
      name: 'Print management server',
      owner: 'Agency platform team',
      hosting: 'Microsoft Azure UK South, run by the Agency platform team',
      holdsGovernmentData: 'yes',
      privileged: 'no',
      clearance: 'SC',
      notes: '',
    });
  }, 90_000);

  afterAll(async () => {
    if (auditor) console.log(`\nPages checked (axe ${auditor.checks.length}×):\n${auditor.summary()}\n`);
    await auditor?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  }, 30_000);

  async function signIn(view: Visitor, person: Person): Promise<void> {
    const page = await new SignInPage(view).open();
    await page.signInAndEnrol(person, server.clock.now());
    await new MfaEnrolPage(view).continueFromRecoveryCodes();
  }

  const fit = (v: Visitor): Promise<Fit> =>
    v.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const tables = [...document.querySelectorAll('main table')].map((table) => {
        const wrap = table.parentElement!;
        return {
          caption: table.querySelector('caption')?.textContent?.trim() ?? '(no caption)',
          stacked: table.classList.contains('custodian-table--stack'),
          right: Math.round(table.getBoundingClientRect().right),
          overflows: wrap.scrollWidth > wrap.clientWidth + 1,
        };
      });
      const clippedDates = [...document.querySelectorAll('main .custodian-nowrap')]
        .filter((el) => el.getBoundingClientRect().right > width + 1 || el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.textContent?.trim() ?? '');
      return { scrollWidth: document.scrollingElement!.scrollWidth, tables, clippedDates };
    });

  const step = walk(() => [agency, client].filter(Boolean));

  step('the Agency signs in on a phone', async () => {
    await agency.page.setViewportSize(PHONE);
    await signIn(agency, manager);
  });

  for (const [name, path, hasTables] of [
    ['the contracts list', () => '/contracts', true],
    // The security manager may owe nothing today (the plan is with the Client): the page must still fit.
    ['your deadlines', () => '/deadlines', false],
    ['the contract’s deadlines', () => `/contracts/${contractId}/deadlines`, true],
    ['the plan’s versions', () => `/contracts/${contractId}/smp`, true],
    ['the register of documents', () => `/contracts/${contractId}/smp/documents`, true],
    // No Variation yet (none is proposed before a plan is in force).
    ['the Variations', () => `/contracts/${contractId}/variations`, false],
    ['the systems register', () => `/contracts/${contractId}/systems`, true],
  ] as const) {
    step(`${name} fits 375 px: its tables are stacked rows and no date is clipped`, async () => {
      await agency.goto(path());
      const f = await fit(agency);
      expect(f.scrollWidth).toBeLessThanOrEqual(PHONE.width);
      if (hasTables) expect(f.tables.length).toBeGreaterThan(0);
      for (const t of f.tables) expect(t, t.caption).toMatchObject({ stacked: true, overflows: false });
      for (const t of f.tables) expect(t.right, t.caption).toBeLessThanOrEqual(PHONE.width);
      expect(f.clippedDates).toEqual([]);
      // Each stacked cell is led by its column's header.
      const labels = await agency.page.locator('main table.custodian-table--stack td[data-label]').count();
      if (f.tables.length) expect(labels).toBeGreaterThan(0);
    });
  }

  step('the Client reveals the reasons under "Do not approve", and the revealed form passes axe', async () => {
    await signIn(client, clientRep);
    await client.goto(`/contracts/${contractId}/smp/versions/${versionId}`);
    const reason = client.page.locator('#reason-0');
    // GOV.UK Frontend's radios script is running: the reveal starts hidden, nothing chosen.
    expect(await client.page.locator('input[name="decision"]:checked').count()).toBe(0);
    expect(await reason.isVisible()).toBe(false);
    await client.page.getByRole('radio', { name: 'Do not approve', exact: true }).check();
    expect(await reason.isVisible()).toBe(true);
    const check = await auditor.check(client.page, 'Client: decision with "Do not approve" revealed', 200, true);
    expect(check.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
  });

  it('every page visited passes axe (WCAG 2.1 AA + best practice), reflows at 320 px and has no script or asset errors', () => {
    expect(auditor.checks.length).toBeGreaterThan(0);
    const failures = auditor.failures();
    if (failures.length)
      throw new Error(`${failures.length} of ${auditor.checks.length} pages have problems:${auditor.report()}`);
  });
});
