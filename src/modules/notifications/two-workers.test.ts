import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServices, MIGRATION_FOLDERS } from '../../app.ts';
import { loadConfig } from '../../config/index.ts';
import { createDb, type DbHandle } from '../../platform/db/index.ts';
import { ManualClock } from '../../platform/kernel/index.ts';
import { aUser, anOrganisation } from '../../../test/support/builders.ts';
import {
  createTestDatabase,
  dialectsUnderTest,
  TEST_PG_URL,
  type TestDatabase,
} from '../../../test/support/databases.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../../test/support/smtp-server.ts';
import type { TestApp } from '../../../test/support/test-app.ts';
import { createAuditLog } from '../audit-log/index.ts';
import { deliveriesRepository } from './deliveries.repository.ts';
import { createDeliveryWorker } from './delivery-worker.ts';
import { secretBoxWithKey } from '../../platform/secret-box/index.ts';

const MESSAGES = 60;

/**
 * Two Custodian processes against one PostgreSQL database, as in production: each with its own
 * connection pool and worker. Claims use FOR UPDATE SKIP LOCKED, so no delivery is sent by both.
 */
describe.runIf((await dialectsUnderTest()).includes('postgres'))('two workers on one PostgreSQL database', () => {
  let smtp: TestSmtpServer;
  let one: TestDatabase;
  let two: DbHandle;
  const clock = new ManualClock(new Date('2026-11-30T09:00:00.000Z'));

  // Each test has its own database (opened by both pools) and mail server.
  beforeEach(async () => {
    smtp = await startTestSmtpServer();
    one = await createTestDatabase('postgres');
    // A second, independent pool on the same database: what a second process would open.
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(one.db);
    const url = new URL(TEST_PG_URL);
    url.pathname = `/${rows[0]!.name}`;
    two = createDb(url.toString(), '/tmp', { migrationFolders: MIGRATION_FOLDERS });
  });
  afterEach(async () => {
    await two?.close();
    await one?.drop();
    await smtp?.close();
  });

  /** Sixty reminders for four people, enqueued by one event, each with an email delivery due now. */
  async function enqueueMessages() {
    const config = loadConfig({ CUSTODIAN_DATA_DIR: '/tmp', CUSTODIAN_PUBLIC_URL: 'http://custodian.test' });
    const services = buildServices({ config, db: one, clock, mailer: smtp.mailer() });
    const t = { services, clock } as unknown as TestApp;
    const people = await Promise.all([1, 2, 3, 4].map(async () => aUser(t, (await anOrganisation(t, 'agency')).id)));
    await one.uow.transaction(() =>
      services.notifications.enqueueMany(
        Array.from({ length: MESSAGES }, (_, i) => ({
          userId: people[i % 4]!.id,
          kind: 'deadline.reminder',
          subject: `Reminder ${i}`,
          text: 'x',
          key: `two-workers:${i}`,
        })),
      ),
    );
  }

  it('never claims one delivery twice when both claim at the same moment', async () => {
    await enqueueMessages();
    const now = clock.now().toISOString();
    const claim = (db: DbHandle, owner: string) =>
      deliveriesRepository(db.uow).claim({ owner, now, leaseUntil: '2026-11-30T09:05:00.000Z', limit: 7 });
    const taken: string[] = [];
    // Rounds of simultaneous claims from both pools until nothing is left.
    for (let round = 0; round < 20; round++) {
      const [a, b] = await Promise.all([claim(one, 'a'), claim(two, 'b')]);
      taken.push(...a.map((r) => r.id), ...b.map((r) => r.id));
      // Never more than asked for: a claim that over-reaches starves the other process.
      expect([a.length, b.length].every((l) => l <= 7)).toBe(true);
      if (a.length + b.length === 0) break;
    }
    expect(taken).toHaveLength(MESSAGES);
    expect(new Set(taken).size).toBe(MESSAGES);
  });

  it(
    'sends every message exactly once with two workers running flat out, each on its own pool',
    { timeout: 60_000 },
    async () => {
      await enqueueMessages();
      const config = loadConfig({ CUSTODIAN_DATA_DIR: '/tmp', CUSTODIAN_PUBLIC_URL: 'http://custodian.test' });
      const secrets = secretBoxWithKey(randomBytes(32)); // email only: no webhook secret to open
      const workerOn = (db: DbHandle, id: string) => {
        // Each process builds its own services on its own pool.
        const services = buildServices({ config, db, clock });
        return createDeliveryWorker({
          uow: db.uow,
          users: services.users,
          contracts: services.contracts,
          clock,
          audit: createAuditLog({ uow: db.uow, clock }),
          secrets,
          mailer: smtp.mailer(),
          publicUrl: 'http://custodian.test',
          id,
          batchSize: 5,
          concurrency: 2,
        });
      };
      const workers = [workerOn(one, 'process-1'), workerOn(two, 'process-2')];
      const delivered = [0, 0];
      await Promise.all(
        workers.map(async (w, i) => {
          for (let idle = 0; idle < 3;) {
            const counts = await w.runOnce();
            delivered[i]! += counts.delivered;
            idle = counts.claimed === 0 ? idle + 1 : 0;
          }
        }),
      );
      for (const w of workers) await w.stop();

      expect(delivered[0]! + delivered[1]!).toBe(MESSAGES);
      // Both processes did real work: the test would prove nothing if one of them sent everything.
      expect(delivered[0]).toBeGreaterThan(0);
      expect(delivered[1]).toBeGreaterThan(0);
      const ids = smtp.accepted.map((m) => m.messageId);
      expect(ids).toHaveLength(MESSAGES);
      expect(new Set(ids).size).toBe(MESSAGES);
      const owners = await one.db
        .selectFrom('notification_deliveries')
        .select(['status'])
        .where('channel', '=', 'email')
        .execute();
      expect(owners.every((o) => o.status === 'delivered')).toBe(true);
    },
  );
});
