import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { DbHandle } from '../db/index.ts';

/** Operators' probes: /healthz says the process is alive, /readyz that the database answers and is migrated. */
export function healthRoutes(app: FastifyInstance, handle: DbHandle): void {
  app.get('/healthz', { config: { permission: 'public' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { permission: 'public' } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(handle.db);
      const pending = await handle.migrations.pending();
      if (pending.length)
        return reply.code(503).send({ status: 'not-ready', database: 'ok', pendingMigrations: pending });
      return { status: 'ready', database: handle.dialect };
    } catch {
      return reply.code(503).send({ status: 'not-ready', database: 'unreachable' });
    }
  });
}
