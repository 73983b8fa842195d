import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_SECTIONS } from '../src/modules/security-management-plan/index.ts';
import { MfaEnrolPage, SignInPage, type Person } from './pages/accounts.ts';
import { Auditor } from './support/auditor.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { startClockedServer, type ClockedServer } from './support/clocked-server.ts';
import { setUpContract } from './support/contract-setup.ts';
import { walk } from './support/steps.ts';
import { Visitor } from './support/visitor.ts';

const manager: Person = {
  displayName: 'Tess Text',
  email: 'tess.text@northwind.example',
  password: 'granite meadow lantern pebble',
};
const clientRep: Person = {
  displayName: 'Rory Reader',
  email: 'rory.reader@example.gov.uk',
  password: 'saffron harbour willow kettle',
};
const prose = (topic: string) =>
  `We protect ${topic} with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.`;
/** A section with the structure people write: headings at several levels, a list, a wide table, a quotation and a reference. */
const principles = (apostrophe: string, bullet: string, owner: string) =>
  [
    `# How we protect the service\n\n${prose('the service')} We don${apostrophe}t share keys. See [[doc: Access Control Policy]].`,
    `### Devices\n\n${bullet} Laptops, encrypted and managed centrally\n${bullet} Phones, enrolled in device management`,
    `## Risks\n\n| Risk | Owner | Treatment | Review |\n|---|---|---|--:|\n| Phishing of staff credentials through spoofed sign-in pages | ${owner} | Phishing-resistant multi-factor authentication for every account | 12 |`,
    `> Reviewed by the security working group.`,
  ].join('\n\n');

/**
 * Plan text in Chromium: the Agency's security manager reads a version whose sections use headings,
 * lists, a wide table and a register reference, then compares it with the plan in force in one text
 * and side by side. Every page is checked with axe (heading order included) and at 320 px.
 */
describe.skipIf(!chromiumAvailable())('plan text in a browser', () => {
  let server: ClockedServer;
  let browser: Browser;
  let auditor: Auditor;
  let agency: Visitor;
  let contractId = '';
  let draftId = '';

  beforeAll(async () => {
    server = await startClockedServer('sqlite');
    browser = await launchChromium();
    auditor = new Auditor(browser);
    agency = await Visitor.open(browser, auditor, {
      name: 'Agency security manager',
      baseUrl: server.baseUrl,
      javaScript: true,
    });
    contractId = await setUpContract(server, {
      agency: 'Northwind Digital',
      client: 'Department for Example',
      orderReference: 'E2E-TEXT-1',
      title: 'Case management service',
      startDate: '2026-12-01',
      manager,
      clientRep,
    });
    // The plan's history, written through the services: version 1 Approved, version 2 a draft.
    const { smp, users } = server.services;
    const [m, r] = [await users.getByEmail(manager.email), await users.getByEmail(clientRep.email)];
    const as = (u: typeof m) => ({
      type: 'user' as const,
      userId: u.id,
      organisationId: u.organisationId,
      privileged: false,
    });
    await smp.register.add(as(m), contractId, {
      title: 'Access Control Policy',
      version: '2.1',
      owner: 'Agency',
      location: 'SharePoint',
      bothPartiesHold: 'yes',
    });
    const write = async (markdown: string) => {
      const v = await smp.draft(as(m), contractId);
      for (const s of REQUIRED_SECTIONS)
        await smp.saveSection(as(m), contractId, v.id, {
          key: s.key,
          // Another section's table with the same columns: each table's region still needs its own name.
          markdown:
            s.key === 'principles'
              ? markdown
              : s.key === 'measures'
                ? `${prose(s.heading)}\n\n| Risk | Owner |\n|---|---|\n| Lost laptop | Service desk |`
                : prose(s.heading),
        });
      await smp.saveLists(as(m), contractId, v.id, {
        roles: [{ role: 'Security manager', userId: m.id }],
        thirdParties: [],
      });
      return v;
    };
    const first = await write(principles("'", '*', 'IT'));
    const submitted = await smp.submit(as(m), contractId, first.id);
    await smp.decide(as(r), contractId, first.id, {
      decision: 'approved',
      contentHash: submitted.content_hash,
      reasons: [],
    });
    const draft = await write(principles('’', '-', 'Security operations team'));
    draftId = draft.id;
    // The plan's health is checked on a worker thread and kept: checked once here, the page need not wait for a cold worker.
    await smp.health(contractId, await smp.version(contractId, draftId));
  }, 120_000);

  afterAll(async () => {
    if (auditor)
      console.log(`\nPlan text pages checked (axe ${auditor.checks.length}×, 320 px reflow):\n${auditor.summary()}\n`);
    await auditor?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  }, 30_000);

  const main = (v: Visitor) => v.page.locator('main');
  const step = walk(() => [agency].filter(Boolean));

  step(
    'the security manager reads the draft: GOV.UK headings, lists and tables, and a link to the register',
    async () => {
      const page = await new SignInPage(agency).open();
      await page.signInAndEnrol(manager, server.clock.now());
      await new MfaEnrolPage(agency).continueFromRecoveryCodes();
      await agency.goto(`/contracts/${contractId}/smp/versions/${draftId}`);
      const section = main(agency).locator('.custodian-markdown').first();
      expect(await section.locator('h3').first().innerText()).toBe('How we protect the service');
      expect(await section.locator('table.govuk-table th').allInnerTexts()).toEqual([
        'Risk',
        'Owner',
        'Treatment',
        'Review',
      ]);
      await agency.follow(section.getByRole('link', { name: 'Access Control Policy' }));
      expect(agency.path).toBe(`/contracts/${contractId}/smp/documents`);
      expect(await agency.page.locator('tr:target').innerText()).toContain('Access Control Policy');
    },
  );

  step('the security manager compares the draft with the plan in force, in one text then side by side', async () => {
    await agency.goto(`/contracts/${contractId}/smp/compare`);
    expect(await agency.heading()).toBe('Compare version 1 with version 2');
    const marks = async () => (await main(agency).locator('td ins, td del, li ins, li del').allTextContents()).sort();
    expect(await marks()).toEqual(['added: Security operations team', 'removed: IT']);
    await agency.page.getByLabel('Side by side').check();
    await agency.submit('Compare');
    expect(await main(agency).locator('.custodian-diff-sides').count()).toBeGreaterThan(0);
    expect(await marks()).toEqual(['added: Security operations team', 'removed: IT']);
  });

  it('every page visited passes axe (WCAG 2.1 AA + best practice), reflows at 320 px and has no script or asset errors', () => {
    expect(auditor.checks.length).toBeGreaterThan(0);
    const failures = auditor.failures();
    if (failures.length)
      throw new Error(`${failures.length} of ${auditor.checks.length} pages have problems:${auditor.report()}`);
  });
});
