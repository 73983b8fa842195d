import { describe, expect, it } from 'vitest';
import { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { anAdmin, anOrganisation } from '../../../test/support/builders.ts';
import { cliOf } from '../../../test/support/cli.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { pageText, textOf } from '../../../test/support/html.ts';
import { useTestApp } from '../../../test/support/test-app.ts';

const words = (html: string, id: string) => textOf(html, id)?.replace(/\s+/g, ' ').trim();

for (const dialect of await dialectsUnderTest()) {
  describe(`one-time links say how long they work and how they reach the person (${dialect})`, () => {
    describe('with email off and links that work for 3 days', () => {
      const app = useTestApp(dialect, { CUSTODIAN_ACCOUNT_LINK_DAYS: '3', CUSTODIAN_SETUP_LINK_MINUTES: '90' });
      const cli = cliOf(app);

      it('tells the administrator who adds a person, or resets a password, until when it works and to pass it on by hand', async () => {
        const t = app();
        const setup = new URL((await t.services.links.setupLinkIfNeeded())!).pathname;
        // The clock stands at 30 November 2026, 09:00 UTC (9am in the UK, GMT).
        expect(pageText((await new BrowserAgent(t.app).get(setup)).body)).toContain(
          'This link works once, until 30 November 2026 at 10:30am (UK time).',
        );
        const { agent, org } = await anAdmin(t);
        await agent.get('/admin/users/new');
        const added = await agent.post('/admin/users', {
          email: 'new.person@example.test',
          displayName: 'New Person',
          organisationId: org.id,
        });
        expect(added.statusCode).toBe(201);
        expect(words(added.body, 'link-validity')).toMatch(
          /^It works once, for 3 days: until 3 December 2026 at 9am \(UK time\)\./,
        );
        expect(words(added.body, 'link-hand-over')).toMatch(/^Email is off .*pass the link on by hand/);

        const [user] = await t.services.users.list({ search: 'new.person' });
        t.clock.advanceMinutes(25); // within the session's idle limit
        const reset = await agent.post(`/admin/users/${user!.id}/password-link`, {});
        expect(words(reset.body, 'link-validity')).toMatch(
          /^It works once, for 3 days: until 3 December 2026 at 9:25am/,
        );
        expect(words(reset.body, 'link-hand-over')).toContain('by hand');

        const printed = await cli('users', 'password-link', 'new.person@example.test');
        expect(printed.code).toBe(0);
        expect(printed.out).toMatch(/^http:\/\/custodian\.test\/activate\/[A-Za-z0-9_-]+\n$/); // the link alone, for scripts
        expect(printed.err).toMatch(
          /^It works once, for 3 days: until 3 December 2026 at 9:25am \(UK time\)\. Email is off/,
        );
      });
    });

    describe('with email on', () => {
      const app = useTestApp(dialect, { CUSTODIAN_SMTP_HOST: '127.0.0.1', CUSTODIAN_SMTP_PORT: '2525' });

      it('still says the link is passed on by hand, since Custodian never emails it, and does not say email is off', async () => {
        const t = app();
        const { agent } = await anAdmin(t);
        const org = await anOrganisation(t, 'client');
        await agent.get('/admin/users/new');
        const added = await agent.post('/admin/users', {
          email: 'rep@example.test',
          displayName: 'Rita Rep',
          organisationId: org.id,
        });
        expect(words(added.body, 'link-validity')).toMatch(/^It works once, for 7 days: until 7 December 2026 at 9am/);
        expect(words(added.body, 'link-hand-over')).toBe(
          'Custodian does not email this link: it keeps only a fingerprint of it. Pass it on by hand, by a route you trust.',
        );
      });
    });
  });
}
