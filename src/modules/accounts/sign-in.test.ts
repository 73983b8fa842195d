import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../platform/auth/index.ts';
import { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { aUser, anOrganisation, PASSWORD, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, parse, textOf } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`sign-in with MFA (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('enrols MFA at first sign-in, shows ten recovery codes once, then signs in with TOTP', async () => {
      const org = await anOrganisation(t, 'agency');
      const user = await aUser(t, org.id);
      const agent = new BrowserAgent(t.app);
      await agent.get('/sign-in');
      const pw = await agent.post('/sign-in', { email: user.email, password: PASSWORD });
      expect(pw.statusCode).toBe(303);
      expect(pw.headers.location).toBe('/mfa/enrol');
      // Half-signed-in: contract pages send you back to MFA.
      const blocked = await agent.get('/contracts');
      expect(blocked.headers.location).toBe('/mfa/enrol');
      const page = await agent.get('/mfa/enrol');
      expect(page.body).toContain('<svg');
      const secret = textOf(page.body, 'totp-secret')!;
      expect(secret).toMatch(/^[A-Z2-7]+$/);
      const wrong = await agent.post('/mfa/enrol', { code: '000000' });
      expect(wrong.statusCode).toBe(422);
      const done = await agent.post('/mfa/enrol', { code: currentTotp(secret, t.clock.now()) });
      expect(done.statusCode).toBe(200);
      const $ = parse(done.body);
      const codes = $('li')
        .toArray()
        .map((li) => $(li).text())
        .filter((text) => /^[a-z2-7]{5}-[a-z2-7]{5}$/.test(text));
      expect(codes).toHaveLength(10);
      expect((await agent.get('/contracts')).statusCode).toBe(200);

      // Sign out, then in again with a TOTP code; the same code cannot be replayed.
      await agent.post('/sign-out', {});
      expect((await agent.get('/contracts')).headers.location).toContain('/sign-in');
      const again = await signIn(t, user.email, { secret });
      expect((await again.agent.get('/account')).body).toContain(user.email);

      // A recovery code works once.
      const third = new BrowserAgent(t.app);
      await third.get('/sign-in');
      await third.post('/sign-in', { email: user.email, password: PASSWORD });
      await third.get('/sign-in/recovery');
      expect((await third.post('/sign-in/recovery', { code: codes[0]! })).statusCode).toBe(303);
      const fourth = new BrowserAgent(t.app);
      await fourth.get('/sign-in');
      await fourth.post('/sign-in', { email: user.email, password: PASSWORD });
      await fourth.get('/sign-in/recovery');
      expect((await fourth.post('/sign-in/recovery', { code: codes[0]! })).statusCode).toBe(422);
    });

    it('gives the same answer for an unknown email and a wrong password, and records both', async () => {
      const org = await anOrganisation(t, 'client');
      const user = await aUser(t, org.id);
      const a = new BrowserAgent(t.app, '10.1.1.1');
      await a.get('/sign-in');
      const unknown = await a.post('/sign-in', { email: 'nobody@example.test', password: PASSWORD });
      const wrong = await a.post('/sign-in', { email: user.email, password: 'not the password at all' });
      expect(unknown.statusCode).toBe(422);
      expect(wrong.statusCode).toBe(422);
      const message = (body: string) => errorSummary(body)[0];
      expect(message(unknown.body)).toBe(message(wrong.body));
      const events = await t.services.audit.listRecent({ action: 'auth.sign-in-failed', limit: 10 });
      expect(events.length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(events)).not.toContain('not the password');
    });

    it('throttles an account after repeated failures from one address, whether or not it exists, and forgives with time', async () => {
      const a = new BrowserAgent(t.app, '10.2.2.2');
      await a.get('/sign-in');
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push(
          (await a.post('/sign-in', { email: 'ghost@example.test', password: 'wrong password here' })).statusCode,
        );
      expect(statuses.slice(0, 5)).toEqual([422, 422, 422, 422, 422]);
      expect(statuses.at(-1)).toBe(429);
      t.clock.advanceMinutes(20);
      expect(
        (await a.post('/sign-in', { email: 'ghost@example.test', password: 'wrong password here' })).statusCode,
      ).toBe(422);
    });

    it('refuses a form without its CSRF token', async () => {
      const a = new BrowserAgent(t.app);
      await a.get('/sign-in');
      const res = await a.post('/sign-in', { email: 'x@example.test', password: 'whatever' }, { csrf: false });
      expect(res.statusCode).toBe(403);
    });
  });
}
