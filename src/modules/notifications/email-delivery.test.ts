import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config/index.ts';
import { ManualClock } from '../../platform/kernel/index.ts';
import { aUser, anOrganisation } from '../../../test/support/builders.ts';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../../test/support/databases.ts';
import { inTurn, startTestSmtpServer, type TestSmtpServer } from '../../../test/support/smtp-server.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createDeliveryWorker } from './delivery-worker.ts';
import { messageIdFor } from './email-channel.ts';

/** The app as a process would build it: config, a database it did not create, a clock and a mailer. */
async function startApp(db: TestDatabase, clock: ManualClock, smtp: TestSmtpServer) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-mail-'));
  const config = loadConfig({ CUSTODIAN_DATA_DIR: dataDir, CUSTODIAN_PUBLIC_URL: 'http://custodian.test' });
  const mailer = smtp.mailer({ timeoutMs: 5_000 });
  const { app, services } = await buildApp({ config, db, clock, mailer, logger: false });
  const worker = createDeliveryWorker({
    uow: db.uow,
    users: services.users,
    contracts: services.contracts,
    clock,
    audit: services.audit,
    secrets: services.secrets,
    mailer,
    publicUrl: config.publicUrl,
    random: () => 0.5,
    concurrency: 1,
    sendTimeoutMs: 5_000,
  });
  return {
    services,
    worker,
    /** Stops as main.ts does on SIGTERM: the worker first, then the app. */
    async close(graceMs: number) {
      await worker.stop({ graceMs });
      mailer.close();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

for (const dialect of await dialectsUnderTest()) {
  describe(`email by real SMTP, exactly once across a restart (${dialect})`, () => {
    // A mail server per test: the tests count what it accepted and set how it behaves.
    let smtp: TestSmtpServer;
    beforeEach(async () => {
      smtp = await startTestSmtpServer();
    });
    afterEach(async () => smtp?.close());

    it(
      'delivers a batch once each although one connection drops, one send stalls and the app is closed mid-send',
      { timeout: 60_000 },
      async () => {
        const db = await createTestDatabase(dialect);
        const clock = new ManualClock(new Date('2026-11-30T09:00:00.000Z'));
        try {
          const first = await startApp(db, clock, smtp);
          // The builders need only the services and the clock of a test app.
          const t = { services: first.services, clock, db } as unknown as TestApp;
          const people = await Promise.all([1, 2, 3].map(async () => aUser(t, (await anOrganisation(t, 'agency')).id)));
          // One event enqueues a batch of twelve reminders in its own transaction.
          const keys = Array.from({ length: 12 }, (_, i) => `deadline:smp:reminder:${i + 1}:${dialect}`);
          await db.uow.transaction(() =>
            first.services.notifications.enqueueMany(
              keys.map((key, i) => ({
                userId: people[i % 3]!.id,
                kind: 'deadline.reminder',
                subject: `Reminder ${i + 1}`,
                text: `Reminder ${i + 1} of 12`,
                key,
              })),
            ),
          );

          // One at a time, in order: message 5 loses its connection, message 8 gets no answer at all,
          // and while 8 hangs the app is told to stop.
          smtp.behaviour = inTurn('accept', 'accept', 'accept', 'accept', 'drop', 'accept', 'accept', 'stall');
          const run = first.worker.runOnce();
          await smtp.until(() => smtp.stalled === 1);
          await first.close(100);
          const counts = await run;
          expect(counts).toMatchObject({ claimed: 12, delivered: 6, retrying: 1, released: 5 });
          expect(smtp.accepted).toHaveLength(6);

          // The process restarts on the same database. Nothing is lost: everything still due goes out.
          smtp.behaviour = () => 'accept';
          const second = await startApp(db, clock, smtp);
          try {
            expect(await second.worker.runOnce()).toMatchObject({ claimed: 5, delivered: 5 });
            clock.advanceMinutes(2); // the dropped one's retry falls due
            expect(await second.worker.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
            expect(await second.worker.runOnce()).toMatchObject({ claimed: 0 });
          } finally {
            await second.close(1_000);
          }

          // Exactly once each: twelve distinct Message-IDs, one copy of each.
          const ids = smtp.accepted.map((m) => m.messageId);
          expect(ids).toHaveLength(12);
          expect(new Set(ids)).toEqual(new Set(keys.map((k) => messageIdFor(k, 'custodian.test'))));
          const statuses = await db.db
            .selectFrom('notification_deliveries')
            .select(['status', 'channel'])
            .where('channel', '=', 'email')
            .execute();
          expect(statuses.map((s) => s.status)).toEqual(Array(12).fill('delivered'));
        } finally {
          smtp.accepted.length = 0;
          await db.drop();
        }
      },
    );

    it('sends the subject, the escaped text as text and HTML, the absolute link, and headers for de-duplication', async () => {
      const mailer = smtp.mailer();
      const t = await buildTestApp(dialect, {}, { mailer });
      try {
        const person = await aUser(t, (await anOrganisation(t, 'client')).id, { displayName: 'Rita Representative' });
        const key = `deadline:approval:${dialect}`;
        await t.services.notifications.enqueue({
          userId: person.id,
          kind: 'deadline.reminder',
          subject: 'Approve the SMP by Wed 30 Dec 2026',
          text: 'Please decide.\n\nIt says <script>alert(1)</script> & more.',
          link: '/contracts/abc',
          key,
        });
        const worker = createDeliveryWorker({
          uow: t.db.uow,
          users: t.services.users,
          contracts: t.services.contracts,
          clock: t.clock,
          audit: t.services.audit,
          secrets: t.services.secrets,
          mailer,
          publicUrl: t.config.publicUrl,
        });
        expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
        const mail = smtp.accepted.find((m) => m.messageId === messageIdFor(key, 'custodian.test'))!;
        expect(mail.subject).toBe('Approve the SMP by Wed 30 Dec 2026');
        expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address : undefined).toBe(person.email);
        expect(mail.from?.value[0]!.address).toBe('custodian@custodian.test');
        expect(mail.text).toContain('It says <script>alert(1)</script> & more.');
        expect(mail.text).toContain('Open it in Custodian: http://custodian.test/contracts/abc');
        expect(mail.html).toContain('It says &lt;script&gt;alert(1)&lt;/script&gt; &amp; more.');
        expect(mail.html).not.toContain('<script>');
        expect(mail.html).toContain('<a href="http://custodian.test/contracts/abc">');
        expect(mail.headers.get('x-custodian-idempotency-key')).toBe(key);
        expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
        await worker.stop();
      } finally {
        mailer.close();
        await t.close();
      }
    });

    it('is honest about the window after the server’s 250: a copy sent again carries the same Message-ID', async () => {
      const mailer = smtp.mailer();
      const t = await buildTestApp(dialect, {}, { mailer });
      try {
        const person = await aUser(t, (await anOrganisation(t, 'agency')).id);
        const key = `window:${dialect}`;
        const { notificationId } = await t.services.notifications.enqueue({
          userId: person.id,
          kind: 'deadline.reminder',
          subject: 'Once, as far as the receiver knows',
          text: 'x',
          key,
        });
        const worker = createDeliveryWorker({
          uow: t.db.uow,
          users: t.services.users,
          contracts: t.services.contracts,
          clock: t.clock,
          audit: t.services.audit,
          secrets: t.services.secrets,
          mailer,
          publicUrl: t.config.publicUrl,
        });
        expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
        // A crash after the 250 and before the commit: the database never learnt it was delivered.
        await t.db.db
          .updateTable('notification_deliveries')
          .set({ status: 'pending', delivered_at: null })
          .where('notification_id', '=', notificationId)
          .where('channel', '=', 'email')
          .execute();
        expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
        const copies = smtp.accepted.filter((m) => m.headers.get('x-custodian-idempotency-key') === key);
        expect(copies).toHaveLength(2);
        expect(new Set(copies.map((m) => m.messageId))).toEqual(new Set([messageIdFor(key, 'custodian.test')]));
        await worker.stop();
      } finally {
        mailer.close();
        await t.close();
      }
    });

    it('signs in to an SMTP server that requires it, and keeps retrying (never storing the password) while the login is refused', async () => {
      const secured = await startTestSmtpServer({ users: { custodian: 'right horse battery' } });
      const good = secured.mailer({ user: 'custodian', password: 'right horse battery' });
      const bad = secured.mailer({ user: 'custodian', password: 'wrong horse battery' });
      const t = await buildTestApp(dialect, {}, { mailer: good });
      try {
        const person = await aUser(t, (await anOrganisation(t, 'agency')).id);
        const { notificationId } = await t.services.notifications.enqueue({
          userId: person.id,
          kind: 'deadline.reminder',
          subject: 'Auth',
          text: 'x',
          key: `auth:${dialect}`,
        });
        const refused = createDeliveryWorker({
          uow: t.db.uow,
          users: t.services.users,
          contracts: t.services.contracts,
          clock: t.clock,
          audit: t.services.audit,
          secrets: t.services.secrets,
          mailer: bad,
          publicUrl: t.config.publicUrl,
        });
        expect(await refused.runOnce()).toMatchObject({ retrying: 1 });
        const row = await t.db.db
          .selectFrom('notification_deliveries')
          .selectAll()
          .where('notification_id', '=', notificationId)
          .where('channel', '=', 'email')
          .executeTakeFirstOrThrow();
        expect(row.last_error).toMatch(/535/);
        expect(row.last_error).not.toContain('wrong horse');
        t.clock.advanceMinutes(5);
        const accepted = createDeliveryWorker({
          uow: t.db.uow,
          users: t.services.users,
          contracts: t.services.contracts,
          clock: t.clock,
          audit: t.services.audit,
          secrets: t.services.secrets,
          mailer: good,
          publicUrl: t.config.publicUrl,
        });
        expect(await accepted.runOnce()).toMatchObject({ delivered: 1 });
        expect(secured.accepted).toHaveLength(1);
        await refused.stop();
        await accepted.stop();
      } finally {
        good.close();
        bad.close();
        await t.close();
        await secured.close();
      }
    });
  });
}
