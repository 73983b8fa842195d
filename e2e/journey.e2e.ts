import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/platform/auth/index.ts';
import { ActivatePage, SetupPage, SignInPage, MfaEnrolPage, signOut, type Person } from './pages/accounts.ts';
import { OrganisationsPages, UsersPages } from './pages/admin.ts';
import { ContractFormPage, ContractsPages } from './pages/contracts.ts';
import { Auditor } from './support/auditor.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { Visitor } from './support/visitor.ts';
import { walk } from './support/steps.ts';

const AGENCY = 'Northwind Digital';
const CLIENT = 'Department for Example';
const admin: Person = {
  displayName: 'Ada Admin',
  email: 'ada.admin@northwind.example',
  password: 'lantern quartz meadow harbour',
};
const clientRep: Person = {
  displayName: 'Cleo Client',
  email: 'cleo.client@example.gov.uk',
  password: 'violet anchor tundra biscuit',
};
const FIRST = { orderReference: 'E2E-REP-1', title: 'Managed print service' };
const SECOND = { orderReference: 'E2E-OTHER-2', title: 'Hosting and support' };

/**
 * One journey through a real server in Chromium: first-run setup, an administrator enrolling MFA and
 * setting up a Client with two contracts, then the Client's Representative (JavaScript off) seeing
 * only their own contract. Every page on the way is checked with axe and at 320 px.
 */
describe.skipIf(!chromiumAvailable())('Custodian in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let auditor: Auditor;
  let adminView: Visitor;
  let clientView: Visitor;
  const ids = { first: '', second: '' };
  let activationLink = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    auditor = new Auditor(browser);
    adminView = await Visitor.open(browser, auditor, {
      name: 'Administrator',
      baseUrl: server.baseUrl,
      javaScript: true,
    });
    clientView = await Visitor.open(browser, auditor, {
      name: 'Client (no JS)',
      baseUrl: server.baseUrl,
      javaScript: false,
    });
  }, 60_000);

  afterAll(async () => {
    if (auditor) console.log(`\nPages checked (axe ${auditor.checks.length}×, 320 px reflow):\n${auditor.summary()}\n`);
    await auditor?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  }, 30_000);

  const step = walk(
    () => [adminView, clientView],
    () => server.output(),
  );

  step('first-run setup, through the printed link, creates the Agency and its administrator', async () => {
    expect(server.setupUrl.startsWith(`${server.baseUrl}/setup/`)).toBe(true);
    const setup = await new SetupPage(adminView).open(server.setupUrl);
    expect((await setup.submitEmpty()).length).toBeGreaterThan(0);
    await setup.createAdministrator(AGENCY, admin);
  });

  step('the administrator signs in and enrols an authenticator app', async () => {
    const signIn = await new SignInPage(adminView).open();
    expect((await signIn.submitEmpty()).length).toBeGreaterThan(0);
    await signIn.enterPassword(admin);
    expect(adminView.path).toBe('/mfa/enrol');
    const enrol = new MfaEnrolPage(adminView);
    expect((await enrol.submitEmpty()).length).toBeGreaterThan(0);
    const codes = await enrol.confirm(currentTotp(await enrol.secret(), new Date()));
    expect(new Set(codes).size).toBe(codes.length);
    await enrol.continueFromRecoveryCodes();
    expect(await adminView.page.locator('main').innerText()).toContain('What to set up next');
  });

  step('the administrator adds a Client organisation and a Client user', async () => {
    await new OrganisationsPages(adminView).add(CLIENT, 'Client (buyer)');
    activationLink = await new UsersPages(adminView).add(clientRep, `${CLIENT} (client)`);
  });

  step(
    "the administrator adds a contract naming the Client user as Client's Representative, and one without them",
    async () => {
      const form = await new ContractFormPage(adminView).open();
      expect((await form.submitEmpty()).length).toBeGreaterThan(0);
      ids.first = await form.add({
        ...FIRST,
        startDate: { day: '1', month: '12', year: '2026' },
        agency: AGENCY,
        client: CLIENT,
        representative: `${clientRep.displayName} – ${CLIENT}`,
      });
      ids.second = await (
        await new ContractFormPage(adminView).open()
      ).add({ ...SECOND, startDate: { day: '5', month: '1', year: '2027' }, agency: AGENCY, client: CLIENT });

      const contracts = new ContractsPages(adminView);
      const first = await contracts.overview(ids.first);
      expect(first.parties["Client's Representative"]).toContain(clientRep.displayName);
      expect(await contracts.members(ids.first)).toEqual([
        { name: clientRep.displayName, role: "Client's Representative" },
      ]);
      expect(await contracts.members(ids.second)).toEqual([]);
      expect((await contracts.listed()).sort()).toEqual([FIRST.orderReference, SECOND.orderReference].sort());
      await signOut(adminView);
    },
  );

  step('the Client user, with JavaScript off, activates their account, signs in and enrols', async () => {
    await new ActivatePage(clientView).activate(activationLink, clientRep.password);
    const signIn = await new SignInPage(clientView).open();
    await signIn.signInAndEnrol(clientRep);
    await new MfaEnrolPage(clientView).continueFromRecoveryCodes();
  });

  step('the Client user sees only their own contract and is refused the other', async () => {
    const contracts = new ContractsPages(clientView);
    expect(await contracts.listed()).toEqual([FIRST.orderReference]);
    const first = await contracts.overview(ids.first);
    expect(first.title).toBe(FIRST.title);
    expect(await clientView.page.locator('main').innerText()).toContain(
      "Your role on this contract: Client's Representative",
    );
    expect(await contracts.forbidden(ids.second)).toBe('You do not have permission to see this page');
    expect(await clientView.page.locator('main').innerText()).not.toContain(SECOND.title);
    await clientView.goto('/admin/users', { status: 403 });
    await signOut(clientView);
    await clientView.goto('/contracts', { label: 'Sign in, after asking for /contracts signed out' });
    expect(clientView.path).toBe('/sign-in');
  });

  it('every page visited passes axe (WCAG 2.1 AA + best practice), reflows at 320 px and has no script or asset errors', () => {
    expect(auditor.checks.length).toBeGreaterThan(0);
    const failures = auditor.failures();
    if (failures.length)
      throw new Error(`${failures.length} of ${auditor.checks.length} pages have problems:${auditor.report()}`);
  });
});
