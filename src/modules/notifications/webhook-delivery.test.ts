import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aContract, aUser } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/kernel/index.ts';
import { createOutboundGuard } from '../../platform/net/index.ts';
import { isSealed } from '../../platform/secret-box/index.ts';
import { stubResolver } from '../../../test/support/stub-resolver.ts';
import { createDeliveryWorker } from './delivery-worker.ts';
import { webhookSecretContext } from './webhooks.service.ts';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback that answers each request with the next status in `answers` (then 204). */
async function startReceiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = answers.shift() ?? 204;
      res
        .writeHead(status, status >= 300 && status < 400 ? { location: 'http://127.0.0.1:9/elsewhere' } : {})
        .end('ignored');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/custodian`,
    received,
    answers,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('webhook signatures', () => {
  it('verify only with the right secret, the exact body and a fresh timestamp', () => {
    const header = signWebhook('whsec_a', '{"a":1}', 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('whsec_a', '{"a":1}', header, 1_800_000_100)).toBe(true);
    expect(verifyWebhookSignature('whsec_b', '{"a":1}', header, 1_800_000_100)).toBe(false);
    expect(verifyWebhookSignature('whsec_a', '{"a":2}', header, 1_800_000_100)).toBe(false);
    expect(verifyWebhookSignature('whsec_a', '{"a":1}', header, 1_800_000_301)).toBe(false);
    expect(verifyWebhookSignature('whsec_a', '{"a":1}', 'garbage', 1_800_000_000)).toBe(false);
  });
});

for (const dialect of await dialectsUnderTest()) {
  describe(`webhook delivery (${dialect})`, () => {
    let t: TestApp;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let c: Awaited<ReturnType<typeof aContract>>;
    let secret: string;
    let agencyPerson: Awaited<ReturnType<typeof aUser>>;
    let n = 0;
    // The names the app's resolver knows; a test may point one somewhere else between saving and sending.
    const dns = stubResolver();
    // Loopback is internal: the receiver is reachable only because this installation allow-lists it.
    const ALLOW = '127.0.0.1';
    /** `allow: null` gives the worker no guard, to show its default. */
    const worker = (allowHttp = true, allow: string[] | null = [ALLOW]) =>
      createDeliveryWorker({
        uow: t.db.uow,
        users: t.services.users,
        contracts: t.services.contracts,
        clock: t.clock,
        audit: t.services.audit,
        secrets: t.services.secrets,
        mailer: undefined,
        publicUrl: t.config.publicUrl,
        allowHttpWebhooks: allowHttp,
        ...(allow ? { outbound: createOutboundGuard({ allow, resolve: dns }) } : {}),
        random: () => 0.5,
        sendTimeoutMs: 5_000,
      });
    const enqueue = async (userId: string) => {
      const key = `webhook-test:${dialect}:${++n}`;
      const { notificationId } = await t.services.notifications.enqueue({
        userId,
        contractId: c.contract.id,
        kind: 'deadline.overdue',
        subject: 'The SMP is overdue',
        text: 'Due yesterday.',
        link: `/contracts/${c.contract.id}`,
        key,
      });
      const hook = await t.db.db
        .selectFrom('notification_deliveries')
        .selectAll()
        .where('notification_id', '=', notificationId)
        .where('channel', '=', 'webhook')
        .executeTakeFirst();
      return { key, notificationId, deliveryId: hook?.id };
    };
    const delivery = (id: string) =>
      t.db.db.selectFrom('notification_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    beforeAll(async () => {
      receiver = await startReceiver();
      t = await buildTestApp(
        dialect,
        { CUSTODIAN_WEBHOOK_ALLOW_HTTP: 'true', CUSTODIAN_WEBHOOK_ALLOW_HOSTS: ALLOW },
        { resolveHost: dns },
      );
    });
    // Each test has its own contract, an Agency person on it, and the Agency's webhook to the receiver.
    beforeEach(async () => {
      c = await aContract(t);
      agencyPerson = await aUser(t, c.agency.id, { displayName: 'Alex Agency' });
      ({ secret } = await t.services.webhooks.create(systemActor('test'), c.contract.id, {
        url: receiver.url,
        description: 'Agency chat',
        party: 'agency',
      }));
    });
    afterEach(() => {
      receiver.received.length = 0;
      receiver.answers.length = 0;
    });
    afterAll(async () => {
      await t?.close();
      await receiver?.close();
    });

    it('POSTs the notification as JSON, signed with HMAC-SHA256 over "t.body", with the Idempotency-Key', async () => {
      const m = await enqueue(agencyPerson.id);
      // Email is off in this app: recorded as skipped when enqueued, so only the webhook is claimed.
      expect(await worker().runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(receiver.received).toHaveLength(1);
      const { headers, body } = receiver.received[0]!;
      expect(headers['content-type']).toBe('application/json');
      expect(headers['idempotency-key']).toBe(m.key);
      expect(headers['custodian-delivery-id']).toBe(m.deliveryId);
      const now = Math.floor(t.clock.now().getTime() / 1000);
      expect(headers['custodian-signature']).toBe(signWebhook(secret, body, now));
      expect(verifyWebhookSignature(secret, body, String(headers['custodian-signature']), now)).toBe(true);
      expect(JSON.parse(body)).toEqual({
        type: 'notification',
        id: m.notificationId,
        deliveryId: m.deliveryId,
        idempotencyKey: m.key,
        kind: 'deadline.overdue',
        subject: 'The SMP is overdue',
        text: 'Due yesterday.',
        link: `http://custodian.test/contracts/${c.contract.id}`,
        createdAt: t.clock.now().toISOString(),
        contract: { id: c.contract.id, orderReference: c.contract.orderReference },
        party: 'agency',
        recipient: { id: agencyPerson.id, displayName: 'Alex Agency' },
      });
      expect(await delivery(m.deliveryId!)).toMatchObject({ status: 'delivered', attempts: 1 });
    });

    it('retries a 5xx with backoff, carrying the same Idempotency-Key, and treats a redirect as a failure', async () => {
      const m = await enqueue(agencyPerson.id);
      receiver.answers.push(503, 302);
      const w = worker();
      expect(await w.runOnce()).toMatchObject({ retrying: 1 });
      expect((await delivery(m.deliveryId!)).last_error).toBe('The webhook answered HTTP 503');
      t.clock.advanceMinutes(2);
      expect(await w.runOnce()).toMatchObject({ retrying: 1 });
      expect((await delivery(m.deliveryId!)).last_error).toBe('The webhook answered HTTP 302');
      t.clock.advanceMinutes(5);
      expect(await w.runOnce()).toMatchObject({ delivered: 1 });
      expect(receiver.received.map((r) => r.headers['idempotency-key'])).toEqual([m.key, m.key, m.key]);
    });

    it('sends nothing to the Agency’s webhook for a Client person, and nothing after the webhook is turned off', async () => {
      const clientPerson = await aUser(t, c.client.id);
      expect((await enqueue(clientPerson.id)).deliveryId).toBeUndefined();
      const queued = await enqueue(agencyPerson.id);
      const [sub] = await t.services.webhooks.list(systemActor('test'), c.contract.id);
      await t.services.webhooks.disable(systemActor('test'), c.contract.id, sub!.id);
      expect(await delivery(queued.deliveryId!)).toMatchObject({ status: 'cancelled' });
      expect((await enqueue(agencyPerson.id)).deliveryId).toBeUndefined();
      await worker().runOnce();
      expect(receiver.received).toEqual([]);
    });

    it('stores the signing secret sealed and bound to its subscription, and seals one stored in clear', async () => {
      const active = async () =>
        (await t.services.webhooks.list(systemActor('test'), c.contract.id)).find((s) => !s.disabledAt)!;
      const sub = await active();
      const stored = async () =>
        (
          await t.db.db
            .selectFrom('webhook_subscriptions')
            .select('secret')
            .where('id', '=', sub.id)
            .executeTakeFirstOrThrow()
        ).secret;
      expect(isSealed(await stored())).toBe(true);
      expect(await stored()).not.toContain(secret.slice('whsec_'.length));
      expect(await t.services.secrets.open(await stored(), webhookSecretContext(sub.id))).toBe(secret);
      // As a version before sealing stored it: in clear. The server seals it at start.
      await t.db.db.updateTable('webhook_subscriptions').set({ secret }).where('id', '=', sub.id).execute();
      expect(await t.services.webhooks.sealStoredSecrets(systemActor('test'))).toEqual({ sealed: 1, unopenable: [] });
      expect(await t.services.webhooks.sealStoredSecrets(systemActor('test'))).toEqual({ sealed: 0, unopenable: [] });
      expect(await t.services.secrets.open(await stored(), webhookSecretContext(sub.id))).toBe(secret);
      const events = await t.db.db
        .selectFrom('audit_events')
        .select('resource_id')
        .where('action', '=', 'webhook.secret-seal')
        .execute();
      expect(events.map((e) => e.resource_id)).toEqual([sub.id]);
      // Deliveries go on being signed with the same secret.
      await enqueue(agencyPerson.id);
      expect(await worker().runOnce()).toMatchObject({ delivered: 1 });
      const { headers, body } = receiver.received[0]!;
      expect(
        verifyWebhookSignature(
          secret,
          body,
          String(headers['custodian-signature']),
          Math.floor(t.clock.now().getTime() / 1000),
        ),
      ).toBe(true);
    });

    it('fails a delivery for good when the stored secret does not open, and sends nothing', async () => {
      const sub = (await t.services.webhooks.list(systemActor('test'), c.contract.id)).find((s) => !s.disabledAt)!;
      const original = (
        await t.db.db
          .selectFrom('webhook_subscriptions')
          .select('secret')
          .where('id', '=', sub.id)
          .executeTakeFirstOrThrow()
      ).secret;
      // A secret sealed for another subscription, copied onto this one.
      const moved = await t.services.secrets.seal(secret, webhookSecretContext('another-subscription'));
      await t.db.db.updateTable('webhook_subscriptions').set({ secret: moved }).where('id', '=', sub.id).execute();
      const m = await enqueue(agencyPerson.id);
      expect(await worker().runOnce()).toMatchObject({ failed: 1 });
      expect((await delivery(m.deliveryId!)).last_error).toMatch(
        /^The webhook's signing secret cannot be opened with this server's key \(.*belongs to another record\): add the webhook again$/,
      );
      expect(receiver.received).toEqual([]);
      await t.db.db.updateTable('webhook_subscriptions').set({ secret: original }).where('id', '=', sub.id).execute();
    });

    it('refuses, for good, to post to a plain http:// URL once CUSTODIAN_WEBHOOK_ALLOW_HTTP is off', async () => {
      const m = await enqueue(agencyPerson.id);
      expect(await worker(false).runOnce()).toMatchObject({ failed: 1 });
      expect(await delivery(m.deliveryId!)).toMatchObject({
        status: 'failed',
        last_error: 'The webhook URL must start with https://',
      });
      expect(receiver.received).toEqual([]);
    });

    it('sends nothing to a loopback listener unless the installation allow-lists it, and fails for good', async () => {
      const m = await enqueue(agencyPerson.id);
      expect(await worker(true, []).runOnce()).toMatchObject({ failed: 1 });
      expect(await delivery(m.deliveryId!)).toMatchObject({
        status: 'failed',
        attempts: 1,
        last_error: 'The webhook URL points inside the network: 127.0.0.1 is a loopback address',
      });
      expect(receiver.received).toEqual([]);
      // A worker given no guard at all refuses it too: public addresses only is the default.
      const retry = () =>
        t.db.db
          .updateTable('notification_deliveries')
          .set({ status: 'pending', attempts: 0 })
          .where('id', '=', m.deliveryId!)
          .execute();
      await retry();
      expect(await worker(true, null).runOnce()).toMatchObject({ failed: 1 });
      expect(receiver.received).toEqual([]);
      // The same delivery, allow-listed (an administrator retries it): it arrives.
      await retry();
      expect(await worker().runOnce()).toMatchObject({ delivered: 1 });
      expect(receiver.received).toHaveLength(1);
    });

    it('refuses a name that resolved to a public address when saved and to an internal one when sent (DNS rebinding)', async () => {
      const port = new URL(receiver.url).port;
      // Public when the subscription is saved: accepted, and nothing is sent then.
      dns.names.set('rebind.test', ['93.184.215.14']);
      const [old] = await t.services.webhooks.list(systemActor('test'), c.contract.id);
      await t.services.webhooks.disable(systemActor('test'), c.contract.id, old!.id);
      await t.services.webhooks.create(systemActor('test'), c.contract.id, {
        url: `http://rebind.test:${port}/hooks/custodian`,
        description: 'Rebinding chat',
        party: 'agency',
      });
      // Loopback by the time it is sent.
      dns.names.set('rebind.test', ['127.0.0.1']);
      const m = await enqueue(agencyPerson.id);
      expect(await worker(true, []).runOnce()).toMatchObject({ failed: 1 });
      expect((await delivery(m.deliveryId!)).last_error).toBe(
        'The webhook URL points inside the network: rebind.test resolves to 127.0.0.1 is a loopback address',
      );
      // An IPv4-mapped spelling of loopback, and a name with a public and an internal address: refused too.
      for (const addresses of [['::ffff:127.0.0.1'], ['93.184.215.14', '127.0.0.1']]) {
        dns.names.set('rebind.test', addresses);
        const again = await enqueue(agencyPerson.id);
        expect(await worker(true, []).runOnce(), addresses.join()).toMatchObject({ failed: 1 });
        expect((await delivery(again.deliveryId!)).last_error).toMatch(
          /resolves to .*127\.0\.0\.1 is a loopback address$/,
        );
      }
      expect(receiver.received).toEqual([]);
      // The connection goes to the address the guarded lookup returned: allow-listed, the listener hears it.
      dns.names.set('rebind.test', ['127.0.0.1']);
      await enqueue(agencyPerson.id);
      expect(await worker().runOnce()).toMatchObject({ delivered: 1 });
      expect(receiver.received.map((r) => r.headers.host)).toEqual([`rebind.test:${port}`]);
    });
  });
}
