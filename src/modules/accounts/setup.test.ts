import { afterEach, describe, expect, it } from 'vitest';
import { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { PASSWORD, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, inputValue, parse } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const setupForm = (overrides: Record<string, string> = {}) => ({
  organisationName: 'Northwind Digital',
  organisationKind: 'agency',
  displayName: 'Ada First',
  email: 'Ada.First@Example.test',
  password: PASSWORD,
  confirmPassword: PASSWORD,
  ...overrides,
});

for (const dialect of await dialectsUnderTest()) {
  describe(`first-run setup (${dialect})`, () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });

    /** A fresh, empty installation and its setup link's path. */
    async function fresh(env: Record<string, string> = {}) {
      t = await buildTestApp(dialect, env);
      const url = await t.services.links.setupLinkIfNeeded();
      expect(url).toMatch(/^http:\/\/custodian\.test\/setup\/[A-Za-z0-9_-]{40,}$/);
      return { t, path: new URL(url!).pathname };
    }

    it('asks the kind of organisation with no answer chosen, and a missing answer is an error to fix', async () => {
      const { t, path } = await fresh();
      const agent = new BrowserAgent(t.app);
      const page = parse((await agent.get(path)).body);
      expect(page('input[name="organisationKind"]')).toHaveLength(3);
      expect(page('input[name="organisationKind"]:checked')).toHaveLength(0);
      const { organisationKind: _none, ...withoutKind } = setupForm();
      const res = await agent.post(path, withoutKind);
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toEqual(['Select the kind of organisation']);
      expect(parse(res.body)('input[name="organisationKind"]:checked')).toHaveLength(0);
      expect(await t.services.organisations.list()).toEqual([]);
    });

    it('creates the first organisation and system administrator, then the link never works again', async () => {
      const { t, path } = await fresh();
      const agent = new BrowserAgent(t.app);
      expect((await agent.get(path)).statusCode).toBe(200);
      const res = await agent.post(path, setupForm({ organisationKind: 'client' }));
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/sign-in');

      const [org] = await t.services.organisations.list();
      expect(org).toMatchObject({ name: 'Northwind Digital', kind: 'client' });
      const [user] = await t.services.users.list();
      expect(user).toMatchObject({
        email: 'ada.first@example.test',
        displayName: 'Ada First',
        isSystemAdmin: true,
        status: 'active',
        organisationId: org!.id,
      });
      const events = await t.db.db
        .selectFrom('audit_events')
        .select(['action', 'actor_type', 'details'])
        .where('action', 'in', ['organisation.create', 'user.create'])
        .execute();
      expect(events.map((e) => e.action).sort()).toEqual(['organisation.create', 'user.create']);
      expect(JSON.stringify(events)).not.toContain(PASSWORD);

      // Used once: the page and the form are gone, and no new link is offered.
      expect((await agent.get(path)).statusCode).toBe(404);
      expect(
        (await agent.post(path, setupForm({ email: 'mallory@example.test', organisationName: 'Mallory' }))).statusCode,
      ).toBe(404);
      expect(await t.services.users.count()).toBe(1);
      expect(await t.services.links.setupLinkIfNeeded()).toBeUndefined();

      // The new administrator signs in (enrolling MFA) and can administer.
      const { agent: adminAgent } = await signIn(t, 'ada.first@example.test');
      expect((await adminAgent.get('/admin/users')).statusCode).toBe(200);
    });

    it('expires after CUSTODIAN_SETUP_LINK_MINUTES', async () => {
      const { t, path } = await fresh({ CUSTODIAN_SETUP_LINK_MINUTES: '15' });
      const agent = new BrowserAgent(t.app);
      t.clock.advanceMinutes(14);
      expect((await agent.get(path)).statusCode).toBe(200);
      t.clock.advanceMinutes(1);
      const expired = await agent.get(path);
      expect(expired.statusCode).toBe(404);
      expect(expired.body).toContain('This link has expired or has already been used');
      expect((await agent.post(path, setupForm())).statusCode).toBe(404);
      expect(await t.services.users.count()).toBe(0);
    });

    it('stops an earlier link working when a new one is issued', async () => {
      const { t, path } = await fresh();
      const second = new URL((await t.services.links.setupLinkIfNeeded())!).pathname;
      const agent = new BrowserAgent(t.app);
      expect((await agent.get(path)).statusCode).toBe(404);
      expect((await agent.get(second)).statusCode).toBe(200);
    });

    it('keeps the input (but never the password) and explains what is wrong', async () => {
      const { t, path } = await fresh();
      const agent = new BrowserAgent(t.app);
      await agent.get(path);
      const res = await agent.post(
        path,
        setupForm({ organisationName: '', email: 'not-an-email', password: 'short', confirmPassword: 'short' }),
      );
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toEqual([
        'Enter your organisation’s name',
        'Enter an email address in the correct format, like name@example.com',
      ]);
      expect(inputValue(res.body, 'displayName')).toBe('Ada First');
      expect(inputValue(res.body, 'email')).toBe('not-an-email');
      expect(res.body).not.toContain('value="short"');
      const weak = await agent.post(path, setupForm({ password: 'short', confirmPassword: 'short' }));
      expect(weak.statusCode).toBe(422);
      expect(errorSummary(weak.body)[0]).toMatch(/^Password must be at least \d+ characters$/);
      // A failed attempt does not use the link up.
      expect((await agent.post(path, setupForm())).statusCode).toBe(303);
    });
  });
}
