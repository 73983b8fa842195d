import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { anAdmin, anOrganisation, aUser, PASSWORD, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, flashText, inputValue, summaryValue, textOf } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const NEW_PASSWORD = 'plum orchard lantern voyage';

for (const dialect of await dialectsUnderTest()) {
  describe(`user administration pages (${dialect})`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof anAdmin>>;
    let orgId: string;
    let n = 0;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      admin = await anAdmin(t);
      orgId = (await anOrganisation(t, 'client')).id;
    });
    afterAll(async () => t?.close());

    const freshEmail = () => `user-${dialect}-${++n}@example.test`;
    /** The first word of the Status row on the person's page. */
    const statusOn = async (userId: string) =>
      /^[A-Za-z]+/.exec(summaryValue((await admin.agent.get(`/admin/users/${userId}`)).body, 'Status') ?? '')?.[0];
    const signedIn = async (agent: BrowserAgent) => (await agent.get('/account')).statusCode === 200;
    const events = (action: string, resourceId: string) =>
      t.db.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', action)
        .where('resource_id', '=', resourceId)
        .execute();

    async function addUser(form: Record<string, string>) {
      await admin.agent.get('/admin/users/new');
      return admin.agent.post('/admin/users', { displayName: 'Grace Hopper', organisationId: orgId, ...form });
    }

    it('adds a user, shows the one-time activation link once, and the link works exactly once', async () => {
      const email = freshEmail();
      const res = await addUser({ email });
      expect(res.statusCode).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      const url = textOf(res.body, 'one-time-link')!;
      expect(url).toMatch(/^http:\/\/custodian\.test\/activate\/[A-Za-z0-9_-]{40,}$/);
      const [user] = await t.services.users.list({ search: email });
      expect(await statusOn(user!.id)).toBe('Invited');
      // The link is not stored in clear anywhere.
      const token = url.split('/').pop()!;
      const links = await t.db.db.selectFrom('account_links').selectAll().execute();
      expect(JSON.stringify(links)).not.toContain(token);

      const person = new BrowserAgent(t.app);
      const path = new URL(url).pathname;
      expect((await person.get(path)).statusCode).toBe(200);
      const weak = await person.post(path, { password: 'password', confirmPassword: 'password' });
      expect(weak.statusCode).toBe(422);
      const done = await person.post(path, { password: PASSWORD, confirmPassword: PASSWORD });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/sign-in');
      expect(await statusOn(user!.id)).toBe('Active');

      const again = await person.get(path);
      expect(again.statusCode).toBe(404);
      expect(again.body).toContain('has expired or has already been used');
      expect((await person.post(path, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).statusCode).toBe(404);
      // The first password still works: the second use changed nothing.
      await signIn(t, email);
    });

    it('refuses a duplicate email address whatever its case, with a clear message and the input kept', async () => {
      const email = freshEmail();
      expect((await addUser({ email })).statusCode).toBe(201);
      const res = await addUser({ email: email.toUpperCase(), displayName: 'Second Grace' });
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toEqual(['A user with this email address already exists']);
      expect(inputValue(res.body, 'email')).toBe(email.toUpperCase());
      expect(inputValue(res.body, 'displayName')).toBe('Second Grace');
      expect(await t.services.users.list({ search: email })).toHaveLength(1);
    });

    it('explains each wrong field', async () => {
      const res = await addUser({ email: 'not an email', displayName: '', organisationId: '' });
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toEqual([
        'Enter the person’s full name',
        'Enter an email address in the correct format, like name@example.com',
        'Select an organisation',
      ]);
      expect(inputValue(res.body, 'email')).toBe('not an email');
    });

    it('disabling a user ends their sessions at once and stops them signing in; enabling lets them back', async () => {
      const user = await aUser(t, orgId);
      const { agent, secret } = await signIn(t, user.email);
      expect(await signedIn(agent)).toBe(true);

      await admin.agent.get(`/admin/users/${user.id}`);
      const res = await admin.agent.post(`/admin/users/${user.id}/disable`, {});
      expect(res.statusCode).toBe(303);
      expect(flashText((await admin.agent.follow(res)).body)).toBe('Test Person is disabled and has been signed out');
      expect(await statusOn(user.id)).toBe('Disabled');

      const after = await agent.get('/account');
      expect(after.statusCode).toBe(303);
      expect(after.headers.location).toMatch(/^\/sign-in/);
      const retry = new BrowserAgent(t.app);
      await retry.get('/sign-in');
      expect((await retry.post('/sign-in', { email: user.email, password: PASSWORD })).statusCode).toBe(422);
      const [event] = await events('user.disable', user.id);
      expect(JSON.parse(event!.details)).toMatchObject({ sessionsEnded: 1 });
      expect(Number(event!.privileged)).toBe(1);

      await admin.agent.get(`/admin/users/${user.id}`);
      expect((await admin.agent.post(`/admin/users/${user.id}/enable`, {})).statusCode).toBe(303);
      expect(await statusOn(user.id)).toBe('Active');
      await signIn(t, user.email, { secret });
    });

    it('will not let an administrator disable themselves or drop their own admin role', async () => {
      const page = await admin.agent.get(`/admin/users/${admin.user.id}`);
      expect(page.body).not.toContain('Disable account');
      const res = await admin.agent.post(`/admin/users/${admin.user.id}/disable`, {});
      expect(res.statusCode).toBe(409);
      expect(res.body).toContain('You cannot disable your own account');
      await admin.agent.get(`/admin/users/${admin.user.id}/edit`);
      const demote = await admin.agent.post(`/admin/users/${admin.user.id}`, { displayName: 'Ada Admin' });
      expect(demote.statusCode).toBe(422);
      expect(errorSummary(demote.body)).toEqual([
        'You cannot remove your own system administrator role. Ask another administrator',
      ]);
      expect(await signedIn(admin.agent)).toBe(true);
      expect((await t.services.users.get(admin.user.id)).isSystemAdmin).toBe(true);
    });

    it('resetting MFA signs the user out, clears their recovery codes, forces re-enrolment and is audited', async () => {
      const user = await aUser(t, orgId);
      const first = await signIn(t, user.email);
      const codes = () => t.db.db.selectFrom('recovery_codes').select('id').where('user_id', '=', user.id).execute();
      expect(await codes()).toHaveLength(10);

      await admin.agent.get(`/admin/users/${user.id}`);
      expect((await admin.agent.post(`/admin/users/${user.id}/reset-mfa`, {})).statusCode).toBe(303);
      expect(await signedIn(first.agent)).toBe(false);
      expect(await codes()).toHaveLength(0);

      const again = new BrowserAgent(t.app);
      await again.get('/sign-in');
      const pw = await again.post('/sign-in', { email: user.email, password: PASSWORD });
      expect(pw.headers.location).toBe('/mfa/enrol');
      const enrolled = await signIn(t, user.email);
      expect(enrolled.secret).not.toBe(first.secret);

      const [event] = await events('auth.mfa-reset', user.id);
      expect(event).toMatchObject({ actor_id: admin.user.id, actor_type: 'user' });
      expect(Number(event!.privileged)).toBe(1);
    });

    it('a change of privilege ends the user’s sessions; a change of name does not', async () => {
      const user = await aUser(t, orgId);
      const { agent } = await signIn(t, user.email);
      await admin.agent.get(`/admin/users/${user.id}/edit`);
      expect((await admin.agent.post(`/admin/users/${user.id}`, { displayName: 'Renamed Person' })).statusCode).toBe(
        303,
      );
      expect(await signedIn(agent)).toBe(true);

      expect(
        (await admin.agent.post(`/admin/users/${user.id}`, { displayName: 'Renamed Person', isSystemAdmin: 'yes' }))
          .statusCode,
      ).toBe(303);
      expect(await signedIn(agent)).toBe(false);
      const [event] = (await events('user.update', user.id)).filter(
        (e) => JSON.parse(e.details).sessionsEnded !== undefined,
      );
      expect(JSON.parse(event!.details)).toMatchObject({
        before: { isSystemAdmin: false },
        after: { isSystemAdmin: true },
        sessionsEnded: 1,
      });
    });

    it('a password reset link sets a new password once and signs the user out everywhere', async () => {
      const user = await aUser(t, orgId);
      const { agent } = await signIn(t, user.email);
      await admin.agent.get(`/admin/users/${user.id}`);
      const issued = await admin.agent.post(`/admin/users/${user.id}/password-link`, {});
      expect(issued.statusCode).toBe(200);
      const path = new URL(textOf(issued.body, 'one-time-link')!).pathname;
      const person = new BrowserAgent(t.app);
      await person.get(path);
      expect((await person.post(path, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).statusCode).toBe(303);
      expect(await signedIn(agent)).toBe(false);
      expect((await person.get(path)).statusCode).toBe(404);
    });
  });
}
