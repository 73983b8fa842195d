import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aContract, anAdmin, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, flashText, inputValue, parse, textOf } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/kernel/index.ts';
import { stubResolver } from '../../../test/support/stub-resolver.ts';

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
      t = await buildTestApp(
        dialect,
        { CUSTODIAN_WEBHOOK_ALLOW_HOSTS: 'chat.corp.internal' },
        {
          resolveHost: stubResolver(
            new Map([
              ['metadata.google.internal', ['169.254.169.254']],
              ['intranet.example', ['93.184.215.14', '10.1.2.3']],
              ['chat.corp.internal', ['10.20.0.5']],
            ]),
          ),
        },
      );
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
      // Turning off is a confirm step: the list links to a page saying what happens, which changes nothing.
      const list = parse((await admin.agent.get(base())).body);
      expect(list(`form[action="${base()}/${latest!.id}/disable"]`)).toHaveLength(0);
      expect(list(`a[href="${base()}/${latest!.id}/disable"]`).text()).toBe('Turn off Either side');
      const confirm = parse((await admin.agent.get(`${base()}/${latest!.id}/disable`)).body);
      expect(confirm('h1').text().trim()).toBe('Turn off the webhook “Either side”?');
      expect(confirm(`main form[action="${base()}/${latest!.id}/disable"] button`).text().trim()).toBe(
        'Turn off the webhook',
      );
      expect(confirm('main a:contains("Cancel")').attr('href')).toBe(base());
      expect((await t.services.webhooks.list(systemActor('test'), c.contract.id))[0]!.disabledAt).toBeNull();
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

    it('refuses an internal destination when the webhook is saved, saying why, unless the installation allows it', async () => {
      const manager = await signInAs(c.agency.id, 'agency-security-manager');
      await manager.agent.get(`${base()}/new`);
      const refused = {
        'https://127.0.0.1/hook': '127.0.0.1 is a loopback address',
        'https://2130706433/hook': '127.0.0.1 is a loopback address',
        'https://0x7f000001/hook': '127.0.0.1 is a loopback address',
        'https://127.1/hook': '127.0.0.1 is a loopback address',
        'https://localhost/hook': 'localhost is a loopback address',
        'https://[::1]/hook': '::1 is a loopback address',
        'https://[::ffff:127.0.0.1]/hook': '::ffff:7f00:1 is a loopback address',
        'https://0.0.0.0/hook': '0.0.0.0 is an unspecified address (0.0.0.0/8 or ::)',
        'https://169.254.169.254/latest/meta-data/':
          '169.254.169.254 is a link-local address (169.254/16 or fe80::/10), where cloud metadata services answer',
        'https://[fd00:ec2::254]/hook': 'fd00:ec2::254 is a unique local IPv6 address (fc00::/7)',
        'https://metadata.google.internal/computeMetadata/v1/':
          'metadata.google.internal resolves to 169.254.169.254 is a link-local address (169.254/16 or fe80::/10), where cloud metadata services answer',
        'https://intranet.example/hook':
          'intranet.example resolves to 10.1.2.3 is a private address (10/8, 172.16/12 or 192.168/16)',
        'https://10.0.0.1/hook': '10.0.0.1 is a private address (10/8, 172.16/12 or 192.168/16)',
        'https://172.16.0.1/hook': '172.16.0.1 is a private address (10/8, 172.16/12 or 192.168/16)',
        'https://192.168.0.1/hook': '192.168.0.1 is a private address (10/8, 172.16/12 or 192.168/16)',
        'https://100.64.0.1/hook': '100.64.0.1 is a carrier-grade NAT address (100.64/10)',
      };
      for (const [url, why] of Object.entries(refused)) {
        const res = await manager.agent.post(base(), { description: 'Sneaky', url });
        expect(res.statusCode, url).toBe(422);
        expect(errorSummary(res.body), url).toEqual([`The webhook URL points inside the network: ${why}`]);
        expect(inputValue(res.body, 'url'), url).toBe(url);
      }
      expect(await t.services.webhooks.list(systemActor('test'), c.contract.id)).toEqual([]);
      // The internal chat server this installation allow-lists by name.
      const allowed = await manager.agent.post(base(), {
        description: 'Corp chat',
        url: 'https://chat.corp.internal/h',
      });
      expect(allowed.statusCode).toBe(201);
    });
  });
}
