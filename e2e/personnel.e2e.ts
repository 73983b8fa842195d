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

const HR_EXPORT = [
  'Employee number,First name,Surname,Work email,Company,Job title,Hire date,Termination date',
  'N100,Priya,Shah,priya.shah@northwind.example,Northwind Digital,Platform engineer,01/03/2026,',
  'N101,Tom,Baker,tom.baker@acme.example,Acme Cloud Ltd,Database administrator,1 April 2026,31/12/2026',
].join('\r\n');

/**
 * The Agency Staff register in Chromium: the Agency security manager (JavaScript on) adds a person
 * after correcting the form, records their checks, imports an HR export (a file with an error
 * first, then a good one, previewed before it is applied); the Client's Representative (JavaScript
 * off) reads the register and sees what is missing, never the check records. Every page is checked
 * with axe and at 320 px.
 */
describe.skipIf(!chromiumAvailable())('the Agency Staff register in a browser', () => {
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
      orderReference: 'E2E-PER-1',
      title: 'Case management service',
      startDate: '2026-12-01',
      manager,
      clientRep,
    });
  }, 90_000);

  afterAll(async () => {
    if (auditor)
      console.log(
        `\nAgency Staff pages checked (axe ${auditor.checks.length}×, 320 px reflow):\n${auditor.summary()}\n`,
      );
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
  const names = async (v: Visitor) =>
    (await main(v).locator('table tbody tr td[data-label="Name"]').allInnerTexts()).map((t) => t.trim());

  const step = walk(() => [agency, client].filter(Boolean));

  step('the security manager opens the register from the contract and adds a person, correcting the form', async () => {
    await signIn(agency, manager);
    await agency.goto(`/contracts/${contractId}`);
    await agency.follow(main(agency).getByRole('link', { name: 'Agency Staff of this contract' }));
    expect(await agency.heading()).toBe('Agency Staff');
    expect(await main(agency).innerText()).toContain('Nobody is listed yet.');
    await agency.follow(main(agency).getByRole('button', { name: 'Add a person' }));

    await agency.page.getByLabel('Full name').fill('Alice Ng');
    await agency.page.getByLabel('Work email').fill('alice.ng@northwind');
    await agency.page.getByLabel('A Subcontractor').check();
    await agency.submit('Add person', { status: 422 });
    expect(await agency.errorSummary()).toEqual([
      'Enter an email address in the correct format, like name@example.com',
      'Enter their role or job title',
      'Enter their start date',
      'Enter the Subcontractor’s name',
    ]);
    expect(await agency.page.getByLabel('Full name').inputValue()).toBe('Alice Ng');

    await agency.page.getByLabel('Work email').fill('alice.ng@northwind.example');
    await agency.page.getByLabel('Northwind Digital (the Agency)').check();
    await agency.page.getByLabel('Role or job title').fill('Security engineer');
    const start = agency.page.getByRole('group', { name: 'Start date' });
    await start.getByLabel('Day').fill('2');
    await start.getByLabel('Month').fill('11');
    await start.getByLabel('Year').fill('2026');
    await agency.submit('Add person');
    expect(await agency.banner()).toContain('Alice Ng was added to the register');
    expect(await agency.heading()).toBe('Alice Ng');
  });

  step(
    'the security manager records the three checks of 6.1, told not to enter document or conviction details',
    async () => {
      const record = async (link: string, method: (v: Visitor) => Promise<void>) => {
        await agency.follow(main(agency).getByRole('link', { name: link }));
        expect(await main(agency).innerText()).toContain('Do not enter details of identity documents');
        await agency.page.getByLabel('Passed', { exact: true }).check();
        const date = agency.page.getByRole('group', { name: 'Date of the check' });
        await date.getByLabel('Day').fill('20');
        await date.getByLabel('Month').fill('10');
        await date.getByLabel('Year').fill('2026');
        await agency.page.getByLabel('Checked by').fill('Northwind HR');
        await method(agency);
        await agency.page.getByLabel('Where the evidence is held').fill('Workday case 2231');
        await agency.submit('Save the check');
      };
      await record('Record the identity check', (v) =>
        v.page.getByLabel('How it was checked').fill('Passport seen in person'),
      );
      await record('Record the unspent criminal convictions check', (v) =>
        v.page.getByLabel('Basic DBS check (England and Wales)').check(),
      );
      expect(await main(agency).locator('#checks-summary').innerText()).toBe('Not complete. Missing: Right to work');
      await record('Record the right to work check', (v) => v.page.getByLabel('How it was checked').fill('Share code'));
      expect(await main(agency).locator('#checks-summary').innerText()).toBe('Checks complete');
    },
  );

  step(
    'the security manager imports an HR export: errors first, then a preview of what changes, then apply',
    async () => {
      await agency.goto(`/contracts/${contractId}/personnel`);
      await agency.follow(main(agency).getByRole('button', { name: 'Import from a CSV file' }));
      await agency.page.getByLabel('CSV file').setInputFiles({
        name: 'hr-export.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(HR_EXPORT.replace('01/03/2026', '3/25/2026')),
      });
      await agency.submit('Preview the import');
      expect(await agency.heading()).toBe('Check what the import will change');
      expect(await main(agency).locator('#row-errors').innerText()).toContain('looks like a US date');
      expect(await main(agency).getByRole('button', { name: 'Apply the import' }).count()).toBe(0);

      await agency.follow(main(agency).getByRole('link', { name: 'Upload a corrected file' }));
      await agency.page.getByLabel('CSV file').setInputFiles({
        name: 'hr-export.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(HR_EXPORT),
      });
      await agency.submit('Preview the import');
      expect(await main(agency).locator('#added').innerText()).toContain('Tom Baker');
      await agency.submit('Apply the import');
      expect(await agency.banner()).toContain('hr-export.csv was imported: 2 added, 0 changed, 0 unchanged');
      expect(await names(agency)).toEqual(['Alice Ng', 'Priya Shah', 'Tom Baker']);
    },
  );

  step("the Client's Representative reads the register and what is missing, never the check records", async () => {
    await signIn(client, clientRep);
    await client.goto(`/contracts/${contractId}`);
    await client.follow(main(client).getByRole('link', { name: 'Agency Staff of this contract' }));
    expect(await names(client)).toEqual(['Alice Ng', 'Priya Shah', 'Tom Baker']);
    expect(await main(client).getByRole('button', { name: 'Add a person' }).count()).toBe(0);
    await client.follow(main(client).getByRole('link', { name: 'Alice Ng' }));
    expect(await main(client).locator('#checks-summary').innerText()).toBe('Checks complete');
    const text = await main(client).innerText();
    expect(text).not.toContain('Workday case 2231');
    expect(text).not.toContain('Basic DBS');
  });

  it('every page visited passes axe (WCAG 2.1 AA + best practice), reflows at 320 px and has no script or asset errors', () => {
    expect(auditor.checks.length).toBeGreaterThan(0);
    const failures = auditor.failures();
    if (failures.length)
      throw new Error(`${failures.length} of ${auditor.checks.length} pages have problems:${auditor.report()}`);
  });
});
