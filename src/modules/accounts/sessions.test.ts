import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp, SESSION_COOKIE } from '../../platform/auth/index.ts';
import { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { anOrganisation, aUser, PASSWORD, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const NEW_PASSWORD = 'velvet harbour copper meadow';

for (const dialect of await dialectsUnderTest()) {
  describe(`sessions (${dialect})`, () => {
    let t: TestApp;
    let orgId: string;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      orgId = (await anOrganisation(t, 'agency')).id;
    });
    afterAll(async () => t?.close());

    /** Whether the agent is fully signed in, as a page request sees it (this also counts as activity). */
    async function signedIn(agent: BrowserAgent): Promise<boolean> {
      const res = await agent.get('/account');
      if (res.statusCode === 200) return true;
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(/^\/sign-in/);
      return false;
    }
    const cookieOf = (agent: BrowserAgent) =>
      new Map(agent.cookieHeader.split('; ').map((c) => c.split('=') as [string, string])).get(SESSION_COOKIE);
    const expiries = (userId: string) =>
      t.db.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'auth.session-expired')
        .where('resource_id', '=', userId)
        .execute();

    it('signs a user out after 30 idle minutes, and activity keeps the session alive', async () => {
      expect(t.config.sessionIdleMinutes).toBe(30);
      const user = await aUser(t, orgId);
      const { agent } = await signIn(t, user.email);
      t.clock.advanceMinutes(29);
      expect(await signedIn(agent)).toBe(true);
      t.clock.advanceMinutes(29); // 58 minutes since sign-in, 29 since the last request
      expect(await signedIn(agent)).toBe(true);
      t.clock.advanceMinutes(30);
      expect(await signedIn(agent)).toBe(false);
      // The session is gone for good, and its end is recorded.
      expect(await signedIn(agent)).toBe(false);
      expect((await expiries(user.id)).map((e) => JSON.parse(e.details))).toEqual([
        { reason: 'timeout', stage: 'active' },
      ]);
      expect(await t.db.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    });

    it('signs a user out 12 hours after sign-in however active they are', async () => {
      expect(t.config.sessionAbsoluteHours).toBe(12);
      const user = await aUser(t, orgId);
      const { agent, secret } = await signIn(t, user.email);
      for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
        t.clock.advanceMinutes(20);
        expect(await signedIn(agent), `after ${minutes} minutes`).toBe(true);
      }
      t.clock.advanceMinutes(20); // exactly 12 hours
      expect(await signedIn(agent)).toBe(false);
      // Signing in again starts a fresh 12 hours.
      const again = await signIn(t, user.email, { secret });
      expect(await signedIn(again.agent)).toBe(true);
    });

    it('a half-signed-in session (password only) lasts 10 minutes', async () => {
      const user = await aUser(t, orgId);
      const agent = new BrowserAgent(t.app);
      await agent.get('/sign-in');
      await agent.post('/sign-in', { email: user.email, password: PASSWORD });
      t.clock.advanceMinutes(9);
      expect((await agent.get('/mfa/enrol')).statusCode).toBe(200);
      t.clock.advanceMinutes(10);
      const res = await agent.get('/mfa/enrol');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(/^\/sign-in/);
    });

    it('changing the password ends every other session and gives this browser a new session id', async () => {
      const user = await aUser(t, orgId);
      const first = await signIn(t, user.email);
      const second = await signIn(t, user.email, { secret: first.secret });
      const before = cookieOf(first.agent);
      await first.agent.get('/account/password');
      const wrong = await first.agent.post('/account/password', {
        currentPassword: 'not my password at all',
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      expect(wrong.statusCode).toBe(422);
      expect(await signedIn(second.agent)).toBe(true);

      const res = await first.agent.post('/account/password', {
        currentPassword: PASSWORD,
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      expect(res.statusCode).toBe(303);
      expect(cookieOf(first.agent)).toBeDefined();
      expect(cookieOf(first.agent)).not.toBe(before);
      expect(await signedIn(first.agent)).toBe(true);
      expect(await signedIn(second.agent)).toBe(false);
      // The old cookie value is dead even if replayed.
      const replay = await t.app.inject({ method: 'GET', url: '/account', cookies: { [SESSION_COOKIE]: before! } });
      expect(replay.statusCode).toBe(303);
      const [event] = await t.db.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'auth.password-changed')
        .where('resource_id', '=', user.id)
        .orderBy('seq', 'desc') // the change itself, after the refused wrong current password
        .execute();
      expect(JSON.parse(event!.details)).toEqual({ sessionsEnded: 2 });
    });

    it('issues a new session id at sign-in and again after MFA, never keeping one the browser brought', async () => {
      const user = await aUser(t, orgId);
      const { secret } = await signIn(t, user.email);
      const agent = new BrowserAgent(t.app);
      await agent.get('/sign-in');
      // A value planted before sign-in (session fixation) is never adopted.
      const planted = 'planted-session-value-0123456789abcdef';
      const pw = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: {
          cookie: `${agent.cookieHeader}; ${SESSION_COOKIE}=${planted}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({ email: user.email, password: PASSWORD, _csrf: agent.csrfToken! }).toString(),
      });
      expect(pw.statusCode).toBe(303);
      const pending = (pw.cookies as { name: string; value: string }[]).find((c) => c.name === SESSION_COOKIE)!.value;
      expect(pending).not.toBe(planted);

      const withPending = new BrowserAgent(t.app);
      await withPending.get('/sign-in');
      const csrf = withPending.csrfToken!;
      const cookie = `${withPending.cookieHeader}; ${SESSION_COOKIE}=${pending}`;
      t.clock.advanceMinutes(1);
      const mfa = await t.app.inject({
        method: 'POST',
        url: '/sign-in/mfa',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ code: currentTotp(secret, t.clock.now()), _csrf: csrf }).toString(),
      });
      expect(mfa.statusCode).toBe(303);
      const active = (mfa.cookies as { name: string; value: string }[]).find((c) => c.name === SESSION_COOKIE)!.value;
      expect(active).not.toBe(pending);
      expect(
        (await t.app.inject({ method: 'GET', url: '/account', cookies: { [SESSION_COOKIE]: active } })).statusCode,
      ).toBe(200);
      // The half-signed-in id stopped working the moment MFA succeeded.
      const old = await t.app.inject({ method: 'GET', url: '/sign-in/mfa', cookies: { [SESSION_COOKIE]: pending } });
      expect(old.statusCode).toBe(303);
      expect(old.headers.location).toMatch(/^\/sign-in\?/);
    });

    it('housekeeping ends idle sessions nobody comes back to, and records each expiry', async () => {
      const user = await aUser(t, orgId);
      const { agent } = await signIn(t, user.email);
      const sessionsOf = () => t.db.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
      expect(await sessionsOf()).toHaveLength(1);
      expect(await t.services.sessions.purgeExpired()).toBe(0);
      t.clock.advanceMinutes(31);
      expect(await t.services.sessions.purgeExpired()).toBeGreaterThanOrEqual(1);
      expect(await sessionsOf()).toHaveLength(0);
      expect((await expiries(user.id)).length).toBe(1);
      expect(await signedIn(agent)).toBe(false);
    });

    it('signing out ends the session on the server, not just in the browser', async () => {
      const user = await aUser(t, orgId);
      const { agent } = await signIn(t, user.email);
      const value = cookieOf(agent)!;
      await agent.get('/account');
      expect((await agent.post('/sign-out', {})).headers.location).toBe('/sign-in');
      expect(
        (await t.app.inject({ method: 'GET', url: '/account', cookies: { [SESSION_COOKIE]: value } })).statusCode,
      ).toBe(303);
    });
  });
}
