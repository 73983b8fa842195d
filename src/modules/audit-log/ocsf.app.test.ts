import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { aContractWithLeads, aUser, PASSWORD, signIn } from '../../../test/support/builders.ts';
import { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { loadOcsfSchema } from '../../../test/support/ocsf-schema.ts';
import { systemActor } from '../../platform/kernel/index.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const ocsf = loadOcsfSchema(path.join(root, 'test/fixtures/ocsf-schema-1.8.0'));

interface Event {
  class_uid: number;
  unmapped: { custodian: { action: string } };
  [k: string]: unknown;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`events recorded through the real app are OCSF 1.8.0 (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
    });
    afterEach(() => t.close());

    async function events(): Promise<Event[]> {
      await t.accessJournal.flush();
      const rows = await t.db.db.selectFrom('audit_events').select('event').orderBy('seq').execute();
      return rows.map((r) => JSON.parse(r.event!) as Event);
    }

    it('sign-ins (good, wrong and unknown), accounts, memberships, a calendar feed fetched from outside: every event validates', async () => {
      const c = await aContractWithLeads(t);
      const stranger = new BrowserAgent(t.app, '198.51.100.7');
      await stranger.get('/sign-in');
      await stranger.post('/sign-in', { email: c.manager.email, password: 'not the password' });
      await stranger.post('/sign-in', { email: 'nobody@example.test', password: PASSWORD });
      const { agent } = await signIn(t, c.manager.email, { ip: '203.0.113.5' });
      await agent.get('/deadlines');
      const page = await agent.post('/deadlines/feed', {});
      expect(page.statusCode).toBe(201);
      const feedPath = new URL(/https?:\/\/[^"<\s]+\.ics/.exec(page.body)![0]).pathname;
      const feed = await t.app.inject({ url: feedPath, remoteAddress: '192.0.2.44' });
      expect(feed.statusCode).toBe(200);
      const extra = await aUser(t, c.client.id);
      const granted = await t.services.contracts.grant(systemActor('test'), c.contract.id, {
        userId: extra.id,
        role: 'auditor',
      });
      await t.services.contracts.revoke(systemActor('test'), c.contract.id, granted.id);
      await agent.post('/sign-out', {});

      const all = await events();
      const actions = new Set(all.map((e) => e.unmapped.custodian.action));
      for (const a of [
        'user.create',
        'account-link.issue',
        'user.activate',
        'membership.grant',
        'membership.revoke',
        'auth.sign-in-failed',
        'auth.password-accepted',
        'auth.mfa-enrolled',
        'auth.sign-in',
        'auth.sign-out',
        'deadline-feed.create',
        'deadline-feed.read',
        'http.request',
      ])
        expect(actions, a).toContain(a);
      for (const e of all)
        expect({ action: e.unmapped.custodian.action, errors: ocsf.validate(e) }).toEqual({
          action: e.unmapped.custodian.action,
          errors: [],
        });

      // What the identity classes require is the real subject, not a placeholder.
      const of = (action: string) => all.filter((e) => e.unmapped.custodian.action === action);
      const failed = of('auth.sign-in-failed');
      expect(failed.map((e) => [e.class_uid, e.user])).toEqual([
        [3002, { name: c.manager.email, uid: c.manager.id }],
        [3002, { name: 'nobody@example.test' }],
      ]);
      expect(failed[0]).toMatchObject({
        actor: { user: { name: 'anonymous', type_id: 0 } },
        src_endpoint: { ip: '198.51.100.7' },
        service: { name: 'Custodian' },
        dst_endpoint: { hostname: 'custodian.test' },
      });
      expect(of('membership.revoke').at(-1)).toMatchObject({
        class_uid: 3005,
        activity_id: 2,
        user: { uid: extra.id },
        privileges: ['auditor'],
      });
      expect(of('deadline-feed.read')[0]).toMatchObject({
        class_uid: 6003,
        actor: { app_name: 'custodian:deadline-feed' },
        src_endpoint: { ip: '192.0.2.44' },
      });
    });
  });
}
