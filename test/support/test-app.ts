import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type Services } from '../../src/app.ts';
import type { AccessJournal } from '../../src/modules/audit-log/index.ts';
import { loadConfig, type Config } from '../../src/config/index.ts';
import { ManualClock } from '../../src/platform/kernel/index.ts';
import type { Mailer } from '../../src/platform/mail/index.ts';
import type { HostResolver } from '../../src/platform/net/index.ts';
import type { WorkerPool } from '../../src/platform/workers/index.ts';
import { createTestDatabase, type DialectUnderTest, type TestDatabase } from './databases.ts';
import { stubResolver } from './stub-resolver.ts';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  /** Access records are group-committed just after each response: flush() before reading them. */
  accessJournal: AccessJournal;
  clock: ManualClock;
  db: TestDatabase;
  config: Config;
  /** The app's worker pool: its counts say how many plan checks and imports ran off the main thread. */
  workers: WorkerPool;
  close(): Promise<void>;
}

/**
 * The real app (real database, real templates, CSRF on) on a fresh database, with a settable clock.
 * The request log is off unless `opts.logger` gives pino options (with a `stream` to capture it).
 */
export async function buildTestApp(
  dialect: DialectUnderTest,
  env: Record<string, string> = {},
  opts: { mailer?: Mailer; logger?: object; resolveHost?: HostResolver } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-test-'));
  const config = loadConfig({ CUSTODIAN_DATA_DIR: dataDir, CUSTODIAN_PUBLIC_URL: 'http://custodian.test', ...env });
  const db = await createTestDatabase(dialect);
  const clock = new ManualClock(new Date('2026-11-30T09:00:00.000Z'));
  const logger = opts.logger ?? false;
  // Webhook host names resolve through a stub (unknown names are not found): no test asks a real DNS server.
  const resolveHost = opts.resolveHost ?? stubResolver();
  const { app, services, accessJournal, workers } = await buildApp({
    config,
    db,
    clock,
    mailer: opts.mailer,
    logger,
    resolveHost,
  });
  return {
    app,
    services,
    accessJournal,
    clock,
    db,
    config,
    workers,
    async close() {
      await app.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A test app for the enclosing describe block: built before its tests (with `env` as its settings,
 * listening on loopback if asked), closed after them. Call the returned function inside a test.
 */
export function useTestApp(
  dialect: DialectUnderTest,
  env: Record<string, string> = {},
  opts: { listen?: boolean } = {},
): () => TestApp & { url: string } {
  let t: (TestApp & { url: string }) | undefined;
  beforeAll(async () => {
    const built = await buildTestApp(dialect, env);
    // A real listener on loopback when asked for (any free port); `url` is '' otherwise.
    t = { ...built, url: opts.listen ? await built.app.listen({ port: 0, host: '127.0.0.1' }) : '' };
  }, 60_000);
  afterAll(async () => t?.close());
  return () => {
    if (!t) throw new Error('the test app is built in beforeAll: call this inside a test');
    return t;
  };
}
