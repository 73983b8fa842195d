import type { AddressInfo } from 'node:net';
import { createDeliveryWorker } from '../../src/modules/notifications/index.ts';
import { createReminderScheduler } from '../../src/modules/deadlines/index.ts';
import type { ManualClock } from '../../src/platform/kernel/index.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/support/smtp-server.ts';
import type { DialectUnderTest } from '../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../test/support/test-app.ts';
import { freePort } from './server.ts';

/**
 * The real app on a loopback port, in the test's own process, for walks that need to move time:
 * a settable clock, a fresh database (in-memory SQLite, or a throwaway PostgreSQL one), and email
 * to a loopback SMTP server. The
 * background timers of src/main.ts are not started: the test runs the reminder scheduler and the
 * delivery worker itself, one pass at a time, as deadline-reminders.test.ts does.
 */
export interface ClockedServer {
  baseUrl: string;
  clock: ManualClock;
  services: TestApp['services'];
  smtp: TestSmtpServer;
  /** Sets the clock to a London wall-clock time in winter (London is on UTC then), e.g. at('2026-12-14', '09:00'). */
  at(day: string, time?: string): void;
  /** One reminder pass and one delivery pass, as the running server does every minute. */
  remindAndDeliver(): Promise<{ missed: number; reminders: number; sent: number }>;
  /** One delivery pass: the outbox's email goes to the loopback SMTP server. */
  deliver(): Promise<number>;
  stop(): Promise<void>;
}

export async function startClockedServer(dialect: DialectUnderTest = 'sqlite'): Promise<ClockedServer> {
  const smtp = await startTestSmtpServer();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Days pass between steps: each person signs in again on each day, so session limits stay as shipped.
  const t = await buildTestApp(dialect, { CUSTODIAN_PUBLIC_URL: baseUrl }, { mailer: smtp.mailer() }).catch(
    async (err: unknown) => {
      await smtp.close();
      throw err;
    },
  );
  await t.app.listen({ port, host: '127.0.0.1' });
  if ((t.app.server.address() as AddressInfo).port !== port)
    throw new Error('the server did not bind the port it was given');

  const deliver = async () => {
    const worker = createDeliveryWorker({
      uow: t.db.uow,
      clock: t.clock,
      audit: t.services.audit,
      users: t.services.users,
      contracts: t.services.contracts,
      secrets: t.services.secrets,
      mailer: smtp.mailer(),
      publicUrl: t.config.publicUrl,
      concurrency: 1,
    });
    return (await worker.runOnce()).delivered;
  };
  return {
    baseUrl,
    clock: t.clock,
    services: t.services,
    smtp,
    at: (day, time = '09:00') => t.clock.set(new Date(`${day}T${time}:00.000Z`)),
    async remindAndDeliver() {
      const { services: s } = t;
      const scheduler = createReminderScheduler({
        deadlines: s.deadlines,
        calendar: s.calendar,
        contracts: s.contracts,
        notifications: s.notifications,
      });
      const result = await scheduler.runOnce();
      return { ...result, sent: await deliver() };
    },
    deliver,
    async stop() {
      await t.close();
      await smtp.close();
    },
  };
}
