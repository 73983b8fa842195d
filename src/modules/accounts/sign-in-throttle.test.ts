import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../platform/auth/index.ts';
import { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { aUser, anOrganisation, PASSWORD, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, inputValue, parse } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const WRONG = 'not the password at all';

/** Failed sign-ins recorded for one email: each is a guess that was checked against the password hash. */
async function checkedGuesses(t: TestApp, email: string): Promise<number> {
  const rows = await t.services.audit.listRecent({ action: 'auth.sign-in-failed', limit: 1000 });
  return rows.filter((r) => JSON.stringify(r).includes(email)).length;
}

/** Whether a sign-in page asks for the security code alongside the password. */
const asksForCode = (html: string) => parse(html)('input[name="code"]').length > 0;

/**
 * The owner signs in as a browser would: email and password; the code as well if the page asks for it;
 * else the code on the next page. Returns every status seen and the signed-in agent.
 */
async function ownerSignsIn(t: TestApp, email: string, secret: string, ip: string) {
  const agent = new BrowserAgent(t.app, ip);
  await agent.get('/sign-in');
  t.clock.advanceMinutes(1); // a new TOTP step: the owner's earlier code cannot be replayed
  const statuses: number[] = [];
  let res = await agent.post('/sign-in', { email, password: PASSWORD });
  statuses.push(res.statusCode);
  if (res.statusCode === 422 && asksForCode(res.body)) {
    res = await agent.post('/sign-in', { email, password: PASSWORD, code: currentTotp(secret, t.clock.now()) });
    statuses.push(res.statusCode);
  }
  if (res.headers.location === '/sign-in/mfa') {
    await agent.get('/sign-in/mfa');
    res = await agent.post('/sign-in/mfa', { code: currentTotp(secret, t.clock.now()) });
    statuses.push(res.statusCode);
  }
  return { agent, statuses };
}

for (const dialect of await dialectsUnderTest()) {
  describe(`sign-in throttling: the attacker pays, the owner does not (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function anEnrolledUser() {
      const org = await anOrganisation(t, 'client');
      const user = await aUser(t, org.id);
      const { secret } = await signIn(t, user.email, { ip: '192.0.2.200' });
      return { user, secret };
    }

    it('lets the owner sign in from another address during a flood and a slow drip of wrong guesses', async () => {
      const { user, secret } = await anEnrolledUser();
      const attacker = new BrowserAgent(t.app, '198.51.100.66');
      await attacker.get('/sign-in');
      for (let i = 0; i < 30; i++) await attacker.post('/sign-in', { email: user.email, password: WRONG });
      // Then one guess every 15 minutes for six hours, from a few addresses in turn.
      const drip = ['198.51.100.67', '198.51.100.68', '198.51.100.69'].map((ip) => new BrowserAgent(t.app, ip));
      for (const a of drip) await a.get('/sign-in');
      for (let i = 0; i < 24; i++) {
        t.clock.advanceMinutes(15);
        await drip[i % drip.length]!.post('/sign-in', { email: user.email, password: WRONG });
      }
      const { agent, statuses } = await ownerSignsIn(t, user.email, secret, '203.0.113.10');
      expect(statuses).not.toContain(429);
      expect((await agent.get('/account')).body).toContain(user.email);
    });

    it('slows guesses from one address at one account, then at any account, and forgives them with time', async () => {
      const { user } = await anEnrolledUser();
      const a = new BrowserAgent(t.app, '198.51.100.70');
      await a.get('/sign-in');
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await a.post('/sign-in', { email: user.email, password: WRONG })).statusCode);
      expect(statuses).toEqual([422, 422, 422, 422, 422, 429, 429]);
      const refused = await a.post('/sign-in', { email: user.email, password: WRONG });
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(errorSummary(refused.body)[0]).toMatch(/^Too many attempts/);
      t.clock.advanceMinutes(13);
      expect((await a.post('/sign-in', { email: user.email, password: WRONG })).statusCode).toBe(422);
      expect((await a.post('/sign-in', { email: user.email, password: WRONG })).statusCode).toBe(429);

      // Spraying many accounts from one address: refused after the address's allowance.
      const sprayer = new BrowserAgent(t.app, '198.51.100.71');
      await sprayer.get('/sign-in');
      const spray: number[] = [];
      for (let i = 0; i < 24; i++)
        spray.push((await sprayer.post('/sign-in', { email: `person${i}@example.test`, password: WRONG })).statusCode);
      expect(spray.filter((s) => s === 422)).toHaveLength(20);
      expect(spray.slice(20)).toEqual([429, 429, 429, 429]);
    });

    it('counts 48 concurrent wrong guesses from one address as 48 sequential ones', async () => {
      const org = await anOrganisation(t, 'client');
      const user = await aUser(t, org.id);
      const a = new BrowserAgent(t.app, '198.51.100.72');
      await a.get('/sign-in');
      const answers = await Promise.all(
        Array.from({ length: 48 }, () => a.post('/sign-in', { email: user.email, password: WRONG })),
      );
      const checked = answers.filter((r) => r.statusCode === 422).length;
      expect(checked).toBe(5);
      expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(43);
      expect(await checkedGuesses(t, user.email)).toBe(5);
    });

    it('counts 20 concurrent wrong security codes after a right password as 20 sequential ones', async () => {
      const { user } = await anEnrolledUser();
      const a = new BrowserAgent(t.app, '198.51.100.73');
      await a.get('/sign-in');
      expect((await a.post('/sign-in', { email: user.email, password: PASSWORD })).headers.location).toBe(
        '/sign-in/mfa',
      );
      await a.get('/sign-in/mfa');
      const answers = await Promise.all(Array.from({ length: 20 }, () => a.post('/sign-in/mfa', { code: '000000' })));
      expect(answers.filter((r) => r.statusCode === 422)).toHaveLength(5);
      expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(15);
      const failed = await t.services.audit.listRecent({ action: 'auth.mfa-failed', limit: 100 });
      expect(failed.filter((r) => JSON.stringify(r).includes(user.id))).toHaveLength(5);
    });

    it('checks at most the account allowance of password-only guesses from 48 concurrent addresses', async () => {
      const org = await anOrganisation(t, 'client');
      const user = await aUser(t, org.id);
      const agents = Array.from({ length: 48 }, (_, i) => new BrowserAgent(t.app, `10.48.0.${i + 1}`));
      for (const a of agents) await a.get('/sign-in');
      const answers = await Promise.all(agents.map((a) => a.post('/sign-in', { email: user.email, password: WRONG })));
      expect(answers.every((r) => r.statusCode === 422)).toBe(true);
      expect(await checkedGuesses(t, user.email)).toBe(10);
      // The rest were asked for a security code with the password, and nothing was checked for them.
      expect(answers.filter((r) => asksForCode(r.body))).toHaveLength(38);
    });

    it('counts a wrong security code given with the password under pressure, and never says which was wrong', async () => {
      const { user, secret } = await anEnrolledUser();
      for (let i = 0; i < 12; i++) {
        const a = new BrowserAgent(t.app, `10.12.0.${i + 1}`);
        await a.get('/sign-in');
        await a.post('/sign-in', { email: user.email, password: WRONG });
      }
      const a = new BrowserAgent(t.app, '10.12.1.1');
      await a.get('/sign-in');
      const rightPasswordWrongCode = await a.post('/sign-in', {
        email: user.email,
        password: PASSWORD,
        code: '000000',
      });
      const wrongPasswordRightCode = await a.post('/sign-in', {
        email: user.email,
        password: WRONG,
        code: currentTotp(secret, t.clock.now()),
      });
      expect(rightPasswordWrongCode.statusCode).toBe(422);
      expect(wrongPasswordRightCode.statusCode).toBe(422);
      expect(errorSummary(rightPasswordWrongCode.body)).toEqual(errorSummary(wrongPasswordRightCode.body));
      expect(await checkedGuesses(t, user.email)).toBe(10 + 2);

      // The owner, from yet another address, is asked for the code with the password and is let in.
      const { agent, statuses } = await ownerSignsIn(t, user.email, secret, '10.12.2.2');
      expect(statuses).toEqual([422, 303]);
      expect((await agent.get('/account')).body).toContain(user.email);
    });
  });

  describe(`sign-in throttling behind a proxy (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect, { CUSTODIAN_TRUST_PROXY: 'true' });
    });
    afterAll(async () => t?.close());

    it('keys on the address the proxy saw, not on a forged X-Forwarded-For, and on an IPv6 /64', async () => {
      const org = await anOrganisation(t, 'client');
      const user = await aUser(t, org.id);
      const a = new BrowserAgent(t.app, '10.0.0.2');
      await a.get('/sign-in');
      const post = (forwardedFor: string) =>
        t.app.inject({
          method: 'POST',
          url: '/sign-in',
          remoteAddress: '10.0.0.2', // the proxy
          headers: {
            cookie: a.cookieHeader,
            'content-type': 'application/x-www-form-urlencoded',
            'x-forwarded-for': forwardedFor,
          },
          payload: new URLSearchParams({ email: user.email, password: WRONG, _csrf: a.csrfToken! }).toString(),
        });
      const forged: number[] = [];
      for (let i = 1; i <= 7; i++) forged.push((await post(`192.0.2.${i}, 203.0.113.50`)).statusCode);
      expect(forged).toEqual([422, 422, 422, 422, 422, 429, 429]);

      const v6: number[] = [];
      for (let i = 1; i <= 7; i++) v6.push((await post(`2001:db8:1:2::${i.toString(16)}`)).statusCode);
      expect(v6).toEqual([422, 422, 422, 422, 422, 429, 429]);
    });
  });

  describe(`changing a password is throttled like sign-in (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('refuses wrong current passwords after the allowance with a 429 form, records each, and forgives with time', async () => {
      const org = await anOrganisation(t, 'agency');
      const user = await aUser(t, org.id);
      const { agent } = await signIn(t, user.email);
      await agent.get('/account/password');
      const attempt = (current: string) =>
        agent.post('/account/password', {
          currentPassword: current,
          password: 'a brand new passphrase',
          confirmPassword: 'a brand new passphrase',
        });
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await attempt(`wrong guess number ${i}`)).statusCode);
      expect(statuses).toEqual([422, 422, 422, 422, 422, 429, 429]);
      const refused = await attempt(PASSWORD);
      expect(refused.statusCode).toBe(429);
      const $ = parse(refused.body);
      expect(errorSummary(refused.body)[0]).toMatch(/^Too many attempts\. Wait \d+ seconds/);
      expect($('#currentPassword-error').text()).toContain('Too many attempts');
      expect(inputValue(refused.body, 'currentPassword') ?? '').toBe('');

      const failures = await t.services.audit.listRecent({ action: 'auth.password-changed', limit: 50 });
      const mine = failures.filter((r) => JSON.stringify(r).includes(user.id) && /failure/.test(JSON.stringify(r)));
      expect(mine).toHaveLength(5);

      t.clock.advanceMinutes(13);
      expect((await attempt(PASSWORD)).statusCode).toBe(303);
    });
  });
}
