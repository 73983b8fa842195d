import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract, aUser } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { systemActor, ValidationError } from '../../platform/kernel/index.ts';
import {
  createNotificationsService,
  EMAIL_OFF,
  PAGE_SIZE,
  type NotificationsService,
} from './notifications.service.ts';

const system = systemActor('test');
let n = 0;
const key = (what: string) => `test:${what}:${process.pid}:${++n}`;

for (const dialect of await dialectsUnderTest()) {
  describe(`notifications service (${dialect})`, () => {
    let t: TestApp;
    let notifications: NotificationsService;
    let c: Awaited<ReturnType<typeof aContract>>;
    let agencyPerson: Awaited<ReturnType<typeof aUser>>;
    let clientPerson: Awaited<ReturnType<typeof aUser>>;
    const rows = (id: string) =>
      t.db.db
        .selectFrom('notification_deliveries')
        .selectAll()
        .where('notification_id', '=', id)
        .orderBy('channel')
        .execute();

    beforeAll(async () => {
      t = await buildTestApp(dialect, { CUSTODIAN_WEBHOOK_ALLOW_HTTP: 'true' });
      // The app's own service has email off (no SMTP in this test app); this one has it on.
      notifications = createNotificationsService({
        uow: t.db.uow,
        users: t.services.users,
        contracts: t.services.contracts,
        clock: t.clock,
        audit: t.services.audit,
        emailEnabled: true,
      });
      c = await aContract(t);
      agencyPerson = await aUser(t, c.agency.id, { displayName: 'Alex Agency' });
      clientPerson = await aUser(t, c.client.id, { displayName: 'Casey Client' });
      await t.services.webhooks.create(system, c.contract.id, {
        url: 'https://agency.example/hook',
        description: 'Agency chat',
        party: 'agency',
      });
      await t.services.webhooks.create(system, c.contract.id, {
        url: 'https://client.example/hook',
        description: 'Client chat',
        party: 'client',
      });
    });
    afterAll(async () => t?.close());

    it('writes the notification and one delivery per channel in the caller’s transaction, webhooks of the recipient’s party only', async () => {
      const k = key('deadline');
      const result = await t.db.uow.transaction(() =>
        notifications.enqueue({
          userId: agencyPerson.id,
          contractId: c.contract.id,
          kind: 'deadline.reminder',
          subject: 'SMP due in 5 Working Days',
          text: 'Submit the SMP.',
          link: `/contracts/${c.contract.id}`,
          key: k,
        }),
      );
      expect(result.created).toBe(true);
      const d = await rows(result.notificationId);
      expect(d.map((r) => [r.channel, r.status, r.destination])).toEqual([
        ['email', 'pending', agencyPerson.email],
        ['in-app', 'delivered', null],
        ['webhook', 'pending', 'https://agency.example/…'],
      ]);
      expect(d.find((r) => r.channel === 'in-app')!.delivered_at).toBe(t.clock.now().toISOString());
      const forClient = await notifications.enqueue({
        userId: clientPerson.id,
        contractId: c.contract.id,
        kind: 'deadline.reminder',
        subject: 'Approve the SMP',
        text: 'x',
        key: key('client'),
      });
      expect(
        (await rows(forClient.notificationId)).filter((r) => r.channel === 'webhook').map((r) => r.destination),
      ).toEqual(['https://client.example/…']);
      // Not about a contract: no webhooks at all.
      const general = await notifications.enqueue({
        userId: clientPerson.id,
        kind: 'account.notice',
        subject: 'Hello',
        text: 'x',
        key: key('general'),
      });
      expect((await rows(general.notificationId)).map((r) => r.channel)).toEqual(['email', 'in-app']);
    });

    it('treats a key it has seen as a no-op, in the same transaction or a later one', async () => {
      const k = key('once');
      const message = {
        userId: agencyPerson.id,
        kind: 'deadline.reminder',
        subject: 'Once',
        text: 'Only once',
        key: k,
      };
      const [first, again] = await t.db.uow.transaction(() =>
        notifications.enqueueMany([message, { ...message, subject: 'Twice?' }]),
      );
      expect(first!.created).toBe(true);
      expect(again).toEqual({ notificationId: first!.notificationId, created: false });
      const later = await t.db.uow.transaction(() => notifications.enqueue(message));
      expect(later).toEqual({ notificationId: first!.notificationId, created: false });
      expect(
        await t.db.db.selectFrom('notifications').select('subject').where('idempotency_key', '=', k).execute(),
      ).toEqual([{ subject: 'Once' }]);
      expect(await rows(first!.notificationId)).toHaveLength(2);
    });

    it('writes nothing when the caller’s transaction rolls back (the outbox commits with the event or not at all)', async () => {
      const k = key('rollback');
      await expect(
        t.db.uow.transaction(async () => {
          await notifications.enqueue({
            userId: agencyPerson.id,
            kind: 'deadline.reminder',
            subject: 'Lost with its event',
            text: 'x',
            key: k,
          });
          throw new Error('the event failed');
        }),
      ).rejects.toThrow('the event failed');
      expect(await t.db.db.selectFrom('notifications').select('id').where('idempotency_key', '=', k).execute()).toEqual(
        [],
      );
    });

    it('refuses malformed messages with a ValidationError naming the field', async () => {
      const base = { userId: agencyPerson.id, kind: 'deadline.reminder', subject: 'S', text: 'T', key: key('bad') };
      const fieldOf = async (m: object) =>
        ((await notifications.enqueue(m as typeof base).catch((e: unknown) => e)) as ValidationError).fields;
      expect(Object.keys(await fieldOf({ ...base, key: 'has space' }))).toEqual(['key']);
      expect(Object.keys(await fieldOf({ ...base, link: '//evil.example/x' }))).toEqual(['link']);
      expect(Object.keys(await fieldOf({ ...base, link: '/\\evil.example' }))).toEqual(['link']);
      expect(Object.keys(await fieldOf({ ...base, subject: 'Two\nlines' }))).toEqual(['subject']);
      expect(Object.keys(await fieldOf({ ...base, kind: 'Reminder' }))).toEqual(['kind']);
      expect(await fieldOf({ ...base, userId: '0190a0a0-0000-7000-8000-000000000000' })).toEqual({
        userId: 'There is no user with this id',
      });
      expect(await fieldOf({ ...base, contractId: '0190a0a0-0000-7000-8000-000000000000' })).toEqual({
        contractId: 'There is no contract with this id',
      });
    });

    it('records email as not sent, with the reason, when email is off or the account is disabled', async () => {
      const off = await t.services.notifications.enqueue({
        userId: agencyPerson.id,
        kind: 'deadline.reminder',
        subject: 'S',
        text: 'T',
        key: key('off'),
      });
      expect((await rows(off.notificationId)).find((r) => r.channel === 'email')).toMatchObject({
        status: 'skipped',
        last_error: EMAIL_OFF,
      });
      const leaver = await aUser(t, c.agency.id);
      await t.services.users.disable(system, leaver.id);
      const disabled = await notifications.enqueue({
        userId: leaver.id,
        kind: 'deadline.reminder',
        subject: 'S',
        text: 'T',
        key: key('leaver'),
      });
      expect((await rows(disabled.notificationId)).find((r) => r.channel === 'email')).toMatchObject({
        status: 'skipped',
        last_error: 'The account is disabled',
      });
    });

    it('lists a person’s notifications newest first, counts and marks unread ones, and keeps them to that person', async () => {
      const person = await aUser(t, c.client.id);
      for (let i = 1; i <= PAGE_SIZE + 2; i++) {
        t.clock.advanceMinutes(1);
        await notifications.enqueue({
          userId: person.id,
          kind: 'deadline.reminder',
          subject: `Reminder ${i}`,
          text: 'T',
          key: key(`list-${i}`),
        });
      }
      expect(await notifications.unreadCount(person.id)).toBe(PAGE_SIZE + 2);
      const first = await notifications.listFor(person.id);
      expect(first.items[0]!.subject).toBe(`Reminder ${PAGE_SIZE + 2}`);
      expect(first.items).toHaveLength(PAGE_SIZE);
      expect(first.hasNext).toBe(true);
      const second = await notifications.listFor(person.id, { page: 2 });
      expect(second.items.map((i) => i.subject)).toEqual(['Reminder 2', 'Reminder 1']);
      expect(second.hasNext).toBe(false);

      await notifications.markRead(person.id, first.items[0]!.id);
      await notifications.markRead(person.id, first.items[0]!.id); // twice is harmless
      expect(await notifications.unreadCount(person.id)).toBe(PAGE_SIZE + 1);
      await expect(notifications.markRead(agencyPerson.id, first.items[1]!.id)).rejects.toMatchObject({ status: 404 });
      await expect(notifications.getFor(agencyPerson.id, first.items[1]!.id)).rejects.toMatchObject({ status: 404 });
      const shown = await notifications.getFor(person.id, first.items[1]!.id);
      expect(shown.deliveries.map((d) => d.channel).sort()).toEqual(['email', 'in-app']);
      expect(await notifications.markAllRead(person.id)).toBe(PAGE_SIZE + 1);
      expect(await notifications.unreadCount(person.id)).toBe(0);
    });
  });
}
