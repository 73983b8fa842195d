import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anAdmin, anOrganisation, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { flashText, heading, parse, summaryValue, textOf } from '../../../test/support/html.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../../test/support/smtp-server.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import { createDeliveryWorker } from './delivery-worker.ts';

const unreadInHeader = (html: string) => textOf(html, 'unread-count');
/** How many bits of text on the page say just “Unread”. */
const unreadMarks = (html: string) => {
  const $ = parse(html);
  return $('*')
    .contents()
    .filter((_, node) => node.type === 'text' && node.data.trim() === 'Unread').length;
};
/** The table row with this attribute value. */
const rowWith = (html: string, attribute: string, value: string) => parse(html)(`tr[${attribute}="${value}"]`);

for (const dialect of await dialectsUnderTest()) {
  describe(`notification pages (${dialect})`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let mailer: Mailer;
    let person: Awaited<ReturnType<typeof aUser>>;
    let session: Awaited<ReturnType<typeof signIn>>;
    let n = 0;
    const send = (userId: string, subject: string, text = 'Some text') =>
      t.services.notifications.enqueue({
        userId,
        kind: 'deadline.reminder',
        subject,
        text,
        link: '/contracts',
        key: `web-test:${++n}`,
      });

    beforeAll(async () => {
      smtp = await startTestSmtpServer();
      mailer = smtp.mailer();
      t = await buildTestApp(dialect, {}, { mailer });
    });
    // Each test has its own person, signed in, with nothing sent to them yet.
    beforeEach(async () => {
      person = await aUser(t, (await anOrganisation(t, 'agency')).id, { displayName: 'Nora Notified' });
      session = await signIn(t, person.email);
    });
    /** Two unread reminders, a minute apart. */
    async function twoReminders() {
      await send(person.id, 'First reminder');
      t.clock.advanceMinutes(1);
      await send(person.id, 'Second <reminder>');
    }
    afterAll(async () => {
      await t?.close();
      mailer?.close();
      await smtp?.close();
    });

    it('shows the unread count in the header of every page, and lists notifications newest first', async () => {
      const empty = await session.agent.get('/notifications');
      expect(empty.statusCode).toBe(200);
      expect(unreadInHeader(empty.body)).toBeUndefined();
      expect(empty.body).toContain('Nothing has been sent to you yet.');
      await twoReminders();
      for (const url of ['/contracts', '/account', '/notifications', '/no-such-page'])
        expect(unreadInHeader((await session.agent.get(url)).body), url).toBe('2');
      const list = await session.agent.get('/notifications');
      expect(list.body.indexOf('Second &lt;reminder&gt;')).toBeLessThan(list.body.indexOf('First reminder'));
      expect(list.body).toContain('You have 2 unread notifications.');
      expect(unreadMarks(list.body)).toBe(2);
    });

    it('marks one as read and all as read with CSRF-protected forms (Post/Redirect/Get)', async () => {
      await twoReminders();
      const [latest] = (await t.services.notifications.listFor(person.id)).items;
      await session.agent.get('/notifications');
      expect((await session.agent.post(`/notifications/${latest!.id}/read`, {}, { csrf: false })).statusCode).toBe(403);
      const marked = await session.agent.post(`/notifications/${latest!.id}/read`, {
        returnTo: 'https://evil.example/',
      });
      expect(marked.statusCode).toBe(303);
      expect(marked.headers.location).toBe('/notifications');
      expect(unreadInHeader((await session.agent.follow(marked)).body)).toBe('1');
      await send(person.id, 'Third');
      const all = await session.agent.post('/notifications/read-all', {});
      expect(all.statusCode).toBe(303);
      const after = await session.agent.follow(all);
      expect(flashText(after.body)).toBe('2 notifications were marked as read');
      expect(unreadInHeader(after.body)).toBeUndefined();
      expect(after.body).toContain('You have no unread notifications.');
    });

    it('shows one notification, escaped, with each channel’s delivery state, and what was sent in a list', async () => {
      const { notificationId } = await send(person.id, 'Multi-line', 'Line one\nLine <two>');
      const page = await session.agent.get(`/notifications/${notificationId}`);
      expect(page.statusCode).toBe(200);
      expect(heading(page.body)).toBe('Multi-line');
      expect(page.body).toContain('Line one<br />\nLine &lt;two&gt;');
      expect(page.body).toContain('href="/contracts">Open it in Custodian');
      expect(summaryValue(page.body, 'In Custodian')).toContain('Delivered');
      expect(summaryValue(page.body, `Email to ${person.email}`)).toContain('Waiting to send');
      // A marked-read form on the page returns to the page itself.
      const back = await session.agent.post(`/notifications/${notificationId}/read`, {
        returnTo: `/notifications/${notificationId}`,
      });
      expect(back.headers.location).toBe(`/notifications/${notificationId}`);

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
      await worker.runOnce();
      await worker.stop();
      const sent = await session.agent.get('/notifications/deliveries');
      expect(sent.statusCode).toBe(200);
      const row = rowWith(sent.body, 'data-notification-id', notificationId);
      expect(row).toHaveLength(1);
      expect(row.find('[data-channel="email"]').text()).toContain('Delivered');
      expect(row.find('[data-channel="webhook"]').text().trimStart()).toMatch(/^None/);
    });

    it('keeps each person to their own notifications and answers bad page numbers with a clear 400', async () => {
      const { notificationId } = await send(person.id, 'Private');
      const other = await signIn(t, (await aUser(t, (await anOrganisation(t, 'client')).id)).email);
      expect((await other.agent.get(`/notifications/${notificationId}`)).statusCode).toBe(404);
      await other.agent.get('/notifications');
      expect((await other.agent.post(`/notifications/${notificationId}/read`, {})).statusCode).toBe(404);
      expect((await other.agent.get('/notifications')).body).not.toContain('Private');
      const bad = await session.agent.get('/notifications?page=abc');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('The page number must be a whole number from 1 to 9999');
      expect((await session.agent.get('/notifications/deliveries?page=0')).statusCode).toBe(400);
      expect((await session.agent.get('/notifications?page=50')).body).toContain('There is nothing on this page.');
      expect((await t.app.inject({ method: 'GET', url: '/notifications' })).headers.location).toMatch(/^\/sign-in/);
    });

    it('lists failed deliveries for administrators, who can retry one now (audited); others are refused', async () => {
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
      await worker.runOnce(); // what earlier tests left queued goes out first
      const { notificationId } = await send(person.id, 'Bounces');
      smtp.refuse.add(person.email);
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
      smtp.refuse.clear();
      const email = await t.db.db
        .selectFrom('notification_deliveries')
        .selectAll()
        .where('notification_id', '=', notificationId)
        .where('channel', '=', 'email')
        .executeTakeFirstOrThrow();

      expect((await session.agent.get('/admin/notifications/failures')).statusCode).toBe(403);
      const admin = await anAdmin(t);
      const page = await admin.agent.get('/admin/notifications/failures');
      expect(page.statusCode).toBe(200);
      const rowElement = rowWith(page.body, 'data-delivery-id', email.id);
      expect(rowElement).toHaveLength(1);
      const row = rowElement.text();
      expect(row).toContain('Bounces');
      expect(row).toContain('Nora Notified');
      expect(row).toContain('Failed');
      expect(row).toContain('550');
      const retried = await admin.agent.post(`/admin/notifications/deliveries/${email.id}/retry`, {});
      expect(retried.statusCode).toBe(303);
      expect(flashText((await admin.agent.follow(retried)).body)).toBe(
        'The delivery will be tried again within a minute',
      );
      const [event] = await t.services.audit.listRecent({ action: 'notification.delivery-retry', limit: 1 });
      expect(event).toMatchObject({ actor_id: admin.user.id, resource_id: email.id });
      expect(Number(event!.privileged)).toBe(1);
      expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
      await worker.stop();
      expect((await admin.agent.post(`/admin/notifications/deliveries/${email.id}/retry`, {})).statusCode).toBe(409);
      expect(
        (await admin.agent.post('/admin/notifications/deliveries/0190a0a0-0000-7000-8000-000000000000/retry', {}))
          .statusCode,
      ).toBe(404);
    });
  });
}
