import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/platform/auth/index.ts';
import { MfaEnrolPage, SignInPage, type Person } from './pages/accounts.ts';
import { Auditor } from './support/auditor.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { startClockedServer, type ClockedServer } from './support/clocked-server.ts';
import { setUpContract } from './support/contract-setup.ts';
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
 * The Client's Representative signs in while someone guesses her password from a dozen addresses:
 * the form asks for her authenticator's code with the password (JavaScript off), and she gets in.
 * Every page is checked with axe and at 320 px.
 */
describe.skipIf(!chromiumAvailable())('signing in to an account under attack, in a browser', () => {
  let server: ClockedServer;
  let browser: Browser;
  let auditor: Auditor;

  beforeAll(async () => {
    server = await startClockedServer('sqlite');
    browser = await launchChromium();
    auditor = new Auditor(browser);
    await setUpContract(server, {
      agency: 'Northwind Digital',
      client: 'Department for Example',
      orderReference: 'E2E-PRESSURE-1',
      title: 'Case management service',
      startDate: '2026-12-01',
      manager,
      clientRep,
    });
  }, 90_000);

  afterAll(async () => {
    if (auditor)
      console.log(`\nSign-in pages checked (axe ${auditor.checks.length}×, 320 px reflow):\n${auditor.summary()}\n`);
    await auditor?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  }, 30_000);

  it('asks for the code with the password, and lets the owner in', async () => {
    const first = await Visitor.open(browser, auditor, {
      name: 'Cleo, first day',
      baseUrl: server.baseUrl,
      javaScript: false,
    });
    const { secret } = await new SignInPage(first).open().then((p) => p.signInAndEnrol(clientRep, server.clock.now()));
    await new MfaEnrolPage(first).continueFromRecoveryCodes();
    await first.close();

    // Someone else guesses from twelve addresses: more than the account's allowance of password-only guesses.
    for (let i = 1; i <= 12; i++)
      await server.services.auth
        .signInWithPassword(
          { email: clientRep.email, password: `guess number ${i}` },
          { requestId: `attack-${i}`, sourceAddress: `198.51.100.${i}`, userAgent: 'guesser' },
        )
        .catch(() => undefined);
    server.clock.advanceMinutes(1);

    const cleo = await Visitor.open(browser, auditor, {
      name: 'Cleo (no JS)',
      baseUrl: server.baseUrl,
      javaScript: false,
    });
    await cleo.goto('/sign-in');
    await cleo.page.getByLabel('Email address').fill(clientRep.email);
    await cleo.page.getByLabel('Password', { exact: true }).fill(clientRep.password);
    await cleo.submit('Continue', { status: 422, label: 'Sign in, asked for the code as well' });
    expect((await cleo.errorSummary())[0]).toMatch(/many failed attempts to sign in to this account/);
    await cleo.page.getByLabel('Password', { exact: true }).fill(clientRep.password);
    await cleo.page.getByLabel('Code from your authenticator app').fill(currentTotp(secret, server.clock.now()));
    await cleo.submit('Continue');
    expect(cleo.path).toBe('/contracts');
    await cleo.close();
  });
});
