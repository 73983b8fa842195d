import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { aUser, anOrganisation } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { inTurn, startTestSmtpServer, type TestSmtpServer } from '../../../test/support/smtp-server.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/kernel/index.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import { createDeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.ts';
import { messageIdFor } from './email-channel.ts';

let n = 0;
const MINUTE = 60_000;

for (const dialect of await dialectsUnderTest()) {
  describe(`delivery worker (${dialect})`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let mailer: Mailer;
    let userId: string;
    const workers: ReturnType<typeof createDeliveryWorker>[] = [];
    const worker = (opts: Partial<DeliveryWorkerOptions> = {}) => {
      const w = createDeliveryWorker({
        uow: t.db.uow,
        users: t.services.users,
        contracts: t.services.contracts,
        clock: t.clock,
        audit: t.services.audit,
        secrets: t.services.secrets,
        mailer,
        publicUrl: 'http://custodian.test',
        random: () => 0.5,
        sendTimeoutMs: 5_000,
        ...opts,
      });
      workers.push(w);
      return w;
    };
    const enqueue = async (subject = 'Reminder') => {
      const key = `worker-test:${process.pid}:${++n}`;
      const { notificationId } = await t.services.notifications.enqueue({
        userId,
        kind: 'deadline.reminder',
        subject,
        text: 'Text',
        key,
      });
      const email = await t.db.db
        .selectFrom('notification_deliveries')
        .selectAll()
        .where('notification_id', '=', notificationId)
        .where('channel', '=', 'email')
        .executeTakeFirstOrThrow();
      return { key, deliveryId: email.id, messageId: messageIdFor(key, 'custodian.test') };
    };
    const delivery = (id: string) =>
      t.db.db.selectFrom('notification_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const copiesOf = (messageId: string) => smtp.accepted.filter((m) => m.messageId === messageId).length;

    beforeAll(async () => {
      smtp = await startTestSmtpServer();
      mailer = smtp.mailer();
      t = await buildTestApp(dialect, {}, { mailer });
      userId = (await aUser(t, (await anOrganisation(t, 'agency')).id)).id;
    });
    afterEach(async () => {
      for (const w of workers.splice(0)) await w.stop({ graceMs: 0 });
      smtp.behaviour = () => 'accept';
      smtp.refuse.clear();
    });
    afterAll(async () => {
      await t?.close();
      mailer?.close();
      await smtp?.close();
    });

    it('retries a deferred message with exponential backoff from the injected clock, then delivers it', async () => {
      const m = await enqueue();
      smtp.behaviour = inTurn('defer', 'defer');
      const w = worker({ retry: { baseDelayMs: MINUTE, maxDelayMs: 60 * MINUTE, maxAttempts: 5 } });
      const start = t.clock.now().getTime();

      expect(await w.runOnce()).toMatchObject({ claimed: 1, retrying: 1 });
      let row = await delivery(m.deliveryId);
      // After 1 failure: ceiling 1 minute, equal jitter at random 0.5 → 45 s.
      expect(row).toMatchObject({
        status: 'pending',
        attempts: 1,
        lease_owner: null,
        next_attempt_at: new Date(start + 45_000).toISOString(),
      });
      expect(row.last_error).toMatch(/451/);
      expect(await w.runOnce()).toMatchObject({ claimed: 0 }); // not due yet

      t.clock.advanceMinutes(1);
      expect(await w.runOnce()).toMatchObject({ claimed: 1, retrying: 1 });
      row = await delivery(m.deliveryId);
      // After 2 failures: ceiling 2 minutes → 90 s after this attempt.
      expect(row.next_attempt_at).toBe(new Date(start + MINUTE + 90_000).toISOString());

      t.clock.advanceMinutes(2);
      expect(await w.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(await delivery(m.deliveryId)).toMatchObject({
        status: 'delivered',
        attempts: 3,
        last_error: null,
        delivered_at: t.clock.now().toISOString(),
      });
      expect(copiesOf(m.messageId)).toBe(1);
    });

    it('gives up after the last attempt as failed with the error, audited; "retry now" starts again and delivers', async () => {
      const m = await enqueue();
      smtp.behaviour = () => 'defer';
      const w = worker({ retry: { maxAttempts: 2, baseDelayMs: MINUTE } });
      expect(await w.runOnce()).toMatchObject({ retrying: 1 });
      t.clock.advanceMinutes(5);
      expect(await w.runOnce()).toMatchObject({ failed: 1 });
      expect(await delivery(m.deliveryId)).toMatchObject({ status: 'failed', attempts: 2, lease_owner: null });
      t.clock.advanceMinutes(60);
      expect(await w.runOnce()).toMatchObject({ claimed: 0 });
      const [event] = await t.services.audit.listRecent({ action: 'notification.delivery-failed', limit: 1 });
      expect(event).toMatchObject({ resource_id: m.deliveryId, outcome: 'failure', actor_id: 'system:notifications' });
      expect(JSON.parse(event!.details)).toMatchObject({
        channel: 'email',
        attempts: 2,
        error: expect.stringMatching(/451/),
      });

      smtp.behaviour = () => 'accept';
      await t.services.notifications.retryNow(systemActor('test'), m.deliveryId);
      expect(await delivery(m.deliveryId)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await w.runOnce()).toMatchObject({ delivered: 1 });
      expect(copiesOf(m.messageId)).toBe(1);
      await expect(t.services.notifications.retryNow(systemActor('test'), m.deliveryId)).rejects.toMatchObject({
        status: 409,
      });
    });

    it('fails at once, without retrying, when the mail server refuses the recipient for good', async () => {
      const m = await enqueue();
      const row = await delivery(m.deliveryId);
      smtp.refuse.add(row.destination!);
      expect(await worker().runOnce()).toMatchObject({ failed: 1 });
      const after = await delivery(m.deliveryId);
      expect(after).toMatchObject({ status: 'failed', attempts: 1 });
      expect(after.last_error).toMatch(/RCPT TO.*550/);
    });

    it('lets another worker take over a delivery whose lease ran out, and the first cannot then overwrite it', async () => {
      const m = await enqueue();
      smtp.behaviour = inTurn('stall');
      const a = worker({ id: 'worker-a', leaseMs: 2 * MINUTE, sendTimeoutMs: 20_000 });
      const b = worker({ id: 'worker-b', leaseMs: 2 * MINUTE });
      const first = a.runOnce();
      await smtp.until(() => smtp.stalled === 1);
      expect(await delivery(m.deliveryId)).toMatchObject({ lease_owner: 'worker-a', attempts: 1 });
      expect(await b.runOnce()).toMatchObject({ claimed: 0 }); // A's lease is live

      t.clock.advanceMinutes(3); // A looks dead: its lease has run out
      expect(await b.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      smtp.dropStalled(); // A's send now fails; its lease is gone, so it records nothing
      expect(await first).toMatchObject({ claimed: 1, lost: 1 });
      expect(await delivery(m.deliveryId)).toMatchObject({
        status: 'delivered',
        attempts: 2,
        lease_owner: null,
        last_error: null,
      });
      expect(copiesOf(m.messageId)).toBe(1);
    });

    it('on stop, aborts a send still in flight after the grace period and gives the lease back; a new worker sends it once', async () => {
      const m = await enqueue();
      const other = await enqueue('Queued behind it');
      smtp.behaviour = inTurn('stall');
      const a = worker({ concurrency: 1 });
      const run = a.runOnce();
      await smtp.until(() => smtp.stalled === 1);
      await a.stop({ graceMs: 50 });
      expect(await run).toMatchObject({ claimed: 2, released: 2 });
      for (const id of [m.deliveryId, other.deliveryId])
        expect(await delivery(id)).toMatchObject({ status: 'pending', attempts: 0, lease_owner: null });
      expect(await a.runOnce()).toMatchObject({ claimed: 0 }); // a stopped worker stays stopped

      expect(await worker().runOnce()).toMatchObject({ claimed: 2, delivered: 2 });
      expect([copiesOf(m.messageId), copiesOf(other.messageId)]).toEqual([1, 1]);
    });

    it('claims no more than its batch, oldest due first, and leaves the rest for later runs', async () => {
      const batch = [await enqueue('One'), await enqueue('Two'), await enqueue('Three')];
      const w = worker({ batchSize: 2 });
      expect(await w.runOnce()).toMatchObject({ claimed: 2, delivered: 2 });
      expect(await delivery(batch[2]!.deliveryId)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await w.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(batch.map((m) => copiesOf(m.messageId))).toEqual([1, 1, 1]);
    });

    it('gives up on a send that gets no answer within the send timeout, and retries it later', async () => {
      const m = await enqueue();
      smtp.behaviour = inTurn('stall');
      const w = worker({ sendTimeoutMs: 300 });
      expect(await w.runOnce()).toMatchObject({ retrying: 1 });
      expect(await delivery(m.deliveryId)).toMatchObject({
        status: 'pending',
        attempts: 1,
        last_error: 'No answer within 0.3 seconds',
      });
      t.clock.advanceMinutes(5);
      // The retry goes through a worker with the usual 5 s timeout: a real send can take longer than 0.3 s on a
      // busy machine.
      expect(await worker().runOnce()).toMatchObject({ delivered: 1 });
      expect(copiesOf(m.messageId)).toBe(1);
    });

    it('polls on its own once started, and stops when told', async () => {
      const w = worker({ pollIntervalMs: 20 });
      // A second worker polling at the same interval, on a clock long past so it never claims anything: its
      // polls show how many intervals have gone by, in which the stopped worker would have polled too.
      let witnessPolls = 0;
      const witness = worker({
        pollIntervalMs: 20,
        clock: { now: () => (witnessPolls++, new Date('2000-01-01T00:00:00.000Z')) },
      });
      w.start();
      witness.start();
      const m = await enqueue('Picked up by polling');
      await smtp.until(() => copiesOf(m.messageId) === 1);
      await w.stop();
      const after = await enqueue('After the stop');
      const pollsAtEnqueue = witnessPolls;
      await vi.waitFor(() => expect(witnessPolls).toBeGreaterThanOrEqual(pollsAtEnqueue + 3), { timeout: 10_000 });
      await witness.stop();
      expect(await delivery(after.deliveryId)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await delivery(m.deliveryId)).toMatchObject({ status: 'delivered' });
      // What arrived after the stop waits for the next worker, like a restart.
      expect(await worker().runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    });

    it('sends no email to an account disabled after the notification was written', async () => {
      const leaver = await aUser(t, (await anOrganisation(t, 'agency')).id);
      const { notificationId } = await t.services.notifications.enqueue({
        userId: leaver.id,
        kind: 'deadline.reminder',
        subject: 'Too late',
        text: 'x',
        key: `leaver:${process.pid}:${++n}`,
      });
      await t.services.users.disable(systemActor('test'), leaver.id);
      expect(await worker().runOnce()).toMatchObject({ claimed: 1, skipped: 1 });
      const email = await t.db.db
        .selectFrom('notification_deliveries')
        .selectAll()
        .where('notification_id', '=', notificationId)
        .where('channel', '=', 'email')
        .executeTakeFirstOrThrow();
      expect(email).toMatchObject({ status: 'skipped', last_error: 'The account is disabled' });
    });

    it('marks email skipped when the worker has no mailer (email off)', async () => {
      const m = await enqueue();
      expect(await worker({ mailer: undefined }).runOnce()).toMatchObject({ skipped: 1 });
      expect(await delivery(m.deliveryId)).toMatchObject({
        status: 'skipped',
        last_error: expect.stringContaining('CUSTODIAN_SMTP_HOST'),
      });
    });
  });
}
