import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aContract, anAdmin, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, flashText, inputValue, parse, textOf } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/kernel/index.ts';

const SLACK_LIKE = 'https://hooks.chat.example/services/T000/B000/path-secret-XYZ';

for (const dialect of await dialectsUnderTest()) {
  describe(`webhook subscription pages (${dialect})`, () => {
    let t: TestApp;
    let c: Awaited<ReturnType<typeof aContract>>;
    const signInAs = async (organisationId: string, role: string) => {
      const u = await aUser(t, organisationId);
      await t.services.contracts.grant(systemActor('test'), c.contract.id, { userId: u.id, role });
      return { user: u, ...(await signIn(t, u.email)) };
    };
    const base = () => `/contracts/${c.contract.id}/webhooks`;

    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());
    // Each test has its own contract, with no webhooks yet.
    beforeEach(async () => {
      c = await aContract(t);
    });

    it('lets the Agency security manager add an Agency webhook: the secret is shown once, the URL only by its origin', async () => {
      const manager = await signInAs(c.agency.id, 'agency-security-manager');
      expect((await manager.agent.get(`/contracts/${c.contract.id}`)).body).toContain(`href="${base()}"`);
      const form = await manager.agent.get(`${base()}/new`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('Agency side of this contract');
      expect(form.body).not.toContain('name="party"');

      const plain = await manager.agent.post(base(), { description: 'Team chat', url: 'http://chat.example/hook' });
      expect(plain.statusCode).toBe(422);
      expect(errorSummary(plain.body)).toEqual(['The webhook URL must start with https://']);
      expect(inputValue(plain.body, 'description')).toBe('Team chat');
      const withLogin = await manager.agent.post(base(), {
        description: 'Team chat',
        url: 'https://user:pw@chat.example/hook',
      });
      expect(errorSummary(withLogin.body)).toEqual(['The webhook URL must not contain a user name or password']);
      expect(errorSummary((await manager.agent.post(base(), { description: '', url: 'not a url' })).body)).toEqual([
        'Enter the webhook URL in the correct format, like https://chat.example.com/hooks/custodian',
        'Enter a name for the webhook',
      ]);

      const created = await manager.agent.post(base(), { description: 'Team chat', url: SLACK_LIKE });
      expect(created.statusCode).toBe(201);
      expect(created.headers['cache-control']).toBe('no-store');
      const secret = textOf(created.body, 'webhook-secret');
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);

      const list = await manager.agent.get(base());
      expect(list.body).toContain('Team chat');
      expect(list.body).toContain('https://hooks.chat.example/…');
      expect(list.body).not.toContain('path-secret-XYZ');
      expect(list.body).not.toContain(secret);
      const [event] = await t.services.audit.listRecent({
        action: 'webhook.create',
        contractId: c.contract.id,
        limit: 1,
      });
      expect(event).toMatchObject({ actor_id: manager.user.id });
      expect(JSON.parse(event!.details)).toEqual({
        after: { party: 'agency', url: 'https://hooks.chat.example/…', description: 'Team chat' },
      });
      expect(event!.event).not.toContain('path-secret-XYZ');
      expect(event!.event).not.toContain(secret);
    });

    it('keeps each side to its own: the Client’s Representative neither sees nor turns off the Agency’s webhooks', async () => {
      // The Agency security manager's webhook, “Team chat”, added on the page.
      const manager = await signInAs(c.agency.id, 'agency-security-manager');
      await manager.agent.get(`${base()}/new`);
      expect((await manager.agent.post(base(), { description: 'Team chat', url: SLACK_LIKE })).statusCode).toBe(201);
      const rep = await signInAs(c.client.id, 'client-representative');
      const [agencyHook] = await t.services.webhooks.list(systemActor('test'), c.contract.id);
      const list = await rep.agent.get(base());
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain('Team chat');
      expect((await rep.agent.post(`${base()}/${agencyHook!.id}/disable`, {})).statusCode).toBe(404);
      expect(
        (
          await rep.agent.post(base(), {
            description: 'Client chat',
            url: 'https://client.example/hook',
            party: 'agency',
          })
        ).statusCode,
      ).toBe(201);
      const subs = await t.services.webhooks.list(systemActor('test'), c.contract.id);
      expect(subs.find((s) => s.description === 'Client chat')!.party).toBe('client');
      const staff = await signInAs(c.agency.id, 'agency-staff');
      expect((await staff.agent.get(base())).statusCode).toBe(403);
      expect((await staff.agent.get(`/contracts/${c.contract.id}`)).body).not.toContain(`href="${base()}"`);
    });

    it('lets an administrator choose the party, and turn a webhook off (audited, once)', async () => {
      const admin = await anAdmin(t);
      const form = await admin.agent.get(`${base()}/new`);
      expect(form.body).toContain('name="party"');
      const missing = await admin.agent.post(base(), { description: 'Either side', url: 'https://x.example/h' });
      expect(errorSummary(missing.body)).toEqual(['Select whose webhook this is']);
      expect(
        (await admin.agent.post(base(), { description: 'Either side', url: 'https://x.example/h', party: 'client' }))
          .statusCode,
      ).toBe(201);

      const [latest] = await t.services.webhooks.list(systemActor('test'), c.contract.id);
      await admin.agent.get(base());
      const off = await admin.agent.post(`${base()}/${latest!.id}/disable`, {});
      expect(off.statusCode).toBe(303);
      const page = await admin.agent.follow(off);
      expect(flashText(page.body)).toBe('The webhook “Either side” was turned off. Nothing more will be sent to it');
      const row = parse(page.body)(`tr[data-subscription-id="${latest!.id}"]`);
      expect(row).toHaveLength(1);
      expect(row.text()).toContain('Off');
      expect((await admin.agent.post(`${base()}/${latest!.id}/disable`, {})).statusCode).toBe(409);
      const [event] = await t.services.audit.listRecent({
        action: 'webhook.disable',
        contractId: c.contract.id,
        limit: 1,
      });
      expect(event).toMatchObject({ actor_id: admin.user.id, resource_id: latest!.id });
    });
  });
}
