import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MfaEnrolPage, SignInPage, type Person } from './pages/accounts.ts';
import { Auditor } from './support/auditor.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { startClockedServer, type ClockedServer } from './support/clocked-server.ts';
import { setUpContract } from './support/contract-setup.ts';
import { walk } from './support/steps.ts';
import { Visitor } from './support/visitor.ts';

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

/**
 * The systems register in Chromium: the Agency security manager (JavaScript on) adds a system after
 * correcting the form, changes it and retires another; the Client's Representative (JavaScript off)
 * reads the register from the contract's page. Every page is checked with axe and at 320 px.
 */
describe.skipIf(!chromiumAvailable())('the systems register in a browser', () => {
  let server: ClockedServer;
  let browser: Browser;
  let auditor: Auditor;
  let agency: Visitor;
  let client: Visitor;
  let contractId = '';

  beforeAll(async () => {
    server = await startClockedServer('sqlite');
    browser = await launchChromium();
    auditor = new Auditor(browser);
    agency = await Visitor.open(browser, auditor, {
      name: 'Agency security manager',
      baseUrl: server.baseUrl,
      javaScript: true,
    });
    client = await Visitor.open(browser, auditor, {
      name: "Client's Representative (no JS)",
      baseUrl: server.baseUrl,
      javaScript: false,
    });
    contractId = await setUpContract(server, {
      agency: 'Northwind Digital',
      client: 'Department for Example',
      orderReference: 'E2E-SYS-1',
      title: 'Case management service',
      startDate: '2026-12-01',
      manager,
      clientRep,
    });
  }, 90_000);

  afterAll(async () => {
    if (auditor)
      console.log(`\nSystems pages checked (axe ${auditor.checks.length}×, 320 px reflow):\n${auditor.summary()}\n`);
    await auditor?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  }, 30_000);

  async function signIn(view: Visitor, person: Person): Promise<void> {
    const page = await new SignInPage(view).open();
    await page.signInAndEnrol(person, server.clock.now());
    await new MfaEnrolPage(view).continueFromRecoveryCodes();
  }
  const main = (v: Visitor) => v.page.locator('main');
  const rows = async (v: Visitor, caption: string) =>
    (
      await v.page
        .locator('table', { has: v.page.locator('caption', { hasText: caption }) })
        .locator('tbody tr')
        .allInnerTexts()
    ).map((r) => r.split('\t')[0]!.trim());

  const step = walk(() => [agency, client].filter(Boolean));

  step(
    'the security manager opens the register from the contract and adds a system, correcting the form first',
    async () => {
      await signIn(agency, manager);
      await agency.goto(`/contracts/${contractId}`);
      await agency.follow(main(agency).getByRole('link', { name: 'Systems of this contract' }));
      expect(await agency.heading()).toBe('Systems');
      expect(await main(agency).innerText()).toContain('No system is listed yet.');
      await agency.follow(main(agency).getByRole('button', { name: 'Add a system' }));

      await agency.page.getByLabel('Name of the system').fill('Case management');
      await agency.page.getByLabel('Hosting').fill('Microsoft Azure UK South, run by the Agency');
      await agency.page.getByLabel('Yes, it holds Government Data').check();
      await agency.submit('Add system', { status: 422 });
      expect(await agency.errorSummary()).toEqual([
        'Enter who owns the system',
        'Select whether access to the system is privileged',
        'Select the clearance its roles need',
      ]);
      // What was typed is kept.
      expect(await agency.page.getByLabel('Name of the system').inputValue()).toBe('Case management');

      await agency.page.getByLabel('Owner').fill('Agency platform team');
      await agency.page.getByRole('group', { name: 'Is access to it privileged?' }).getByLabel('No').check();
      await agency.page.getByLabel('SC (Security Check)').check();
      await agency.submit('Add system');
      expect(await agency.banner()).toContain('Case management was added to the register');
      expect(await rows(agency, 'In service')).toEqual(['Case management']);
    },
  );

  step('the security manager adds an admin host, changes a system and retires the host', async () => {
    await agency.follow(main(agency).getByRole('button', { name: 'Add a system' }));
    await agency.page.getByLabel('Name of the system').fill('Admin jump host');
    await agency.page.getByLabel('Owner').fill('Agency platform team');
    await agency.page.getByLabel('Hosting').fill('Agency data centre, Leeds');
    await agency.page.getByLabel('No, it administers systems that do').check();
    await agency.page.getByRole('group', { name: 'Is access to it privileged?' }).getByLabel('Yes').check();
    await agency.page.getByLabel('SC (Security Check)').check();
    await agency.submit('Add system');

    await agency.follow(main(agency).getByRole('link', { name: 'Change Case management' }));
    await agency.page.getByLabel('Owner').fill('Service desk');
    await agency.submit('Save changes');
    expect(await agency.banner()).toContain('Case management was changed');

    await agency.follow(main(agency).getByRole('link', { name: 'Retire Admin jump host' }));
    expect(await agency.heading()).toBe('Retire Admin jump host?');
    await agency.submit('Retire the system');
    expect(await agency.banner()).toContain('Admin jump host was retired');
    expect(await rows(agency, 'In service')).toEqual(['Case management']);
    expect(await rows(agency, 'Retired')).toEqual(['Admin jump host']);
  });

  step("the Client's Representative reads the register, without the means to change it", async () => {
    await signIn(client, clientRep);
    await client.goto(`/contracts/${contractId}`);
    await client.follow(main(client).getByRole('link', { name: 'Systems of this contract' }));
    expect(await rows(client, 'In service')).toEqual(['Case management']);
    expect(await main(client).innerText()).toContain('Service desk');
    expect(await main(client).getByRole('button').count()).toBe(0);
  });

  it('every page visited passes axe (WCAG 2.1 AA + best practice), reflows at 320 px and has no script or asset errors', () => {
    expect(auditor.checks.length).toBeGreaterThan(0);
    const failures = auditor.failures();
    if (failures.length)
      throw new Error(`${failures.length} of ${auditor.checks.length} pages have problems:${auditor.report()}`);
  });
});
