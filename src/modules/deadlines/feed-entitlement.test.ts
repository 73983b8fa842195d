import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const admin = { type: 'system' as const, name: 'test' };

// A calendar feed is access without a session: it must end when the account's access does.
for (const dialect of await dialectsUnderTest()) {
  describe(`a calendar feed dies with the account's access (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function aFeed() {
      const c = await aContractWithLeads(t);
      await t.services.deadlines.create(admin, c.contract.id, {
        kind: 'test.delivery',
        clause: 'A4.3.1',
        title: 'Deliver the Security Management Plan',
        ownerParty: 'agency',
        ownerUserId: c.manager.id,
        triggerLabel: 'the Start Date',
        triggerDate: '2026-11-30',
        ruleKind: 'working-days',
        ruleCount: 20,
      });
      const { url } = await t.services.deadlineFeed.renew(c.agencyActor);
      const fetchFeed = () => t.app.inject({ method: 'GET', url: new URL(url).pathname });
      expect((await fetchFeed()).statusCode).toBe(200);
      return { c, fetchFeed };
    }

    it('stops serving when the account is disabled, and stays revoked when it is enabled again', async () => {
      const { c, fetchFeed } = await aFeed();
      await t.services.users.disable(admin, c.manager.id);
      expect((await fetchFeed()).statusCode).toBe(404);
      await t.services.users.enable(admin, c.manager.id);
      expect((await fetchFeed()).statusCode).toBe(404);
    });

    it('is revoked, and the revocation recorded, when MFA is reset', async () => {
      const { c, fetchFeed } = await aFeed();
      await t.services.users.resetMfa(admin, c.manager.id);
      expect((await fetchFeed()).statusCode).toBe(404);
      const revoked = await t.db.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'deadline-feed.revoke')
        .where('actor_id', '=', 'system:deadline-feed')
        .execute();
      expect(revoked.map((r) => JSON.parse(r.details).userId)).toContain(c.manager.id);
    });

    it('is revoked when the password is reset through a reset link', async () => {
      const { c, fetchFeed } = await aFeed();
      // Signed in first, so the reset ends a live session as well as the feed.
      await signIn(t, c.manager.email);
      const link = (await t.services.users.issuePasswordReset(admin, c.manager.id)).url;
      const agent = new BrowserAgent(t.app);
      const path = new URL(link).pathname;
      await agent.get(path);
      const done = await agent.post(path, {
        password: 'another long passphrase 42',
        confirmPassword: 'another long passphrase 42',
      });
      expect(done.statusCode).toBeLessThan(400);
      expect((await fetchFeed()).statusCode).toBe(404);
    });
  });
}
