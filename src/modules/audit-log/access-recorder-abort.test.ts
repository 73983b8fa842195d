import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createAuditLog } from './audit-log.service.ts';

/** GETs `path` over a real socket and hangs up as soon as the first chunk of the body arrives. */
function abandonAfterFirstChunk(port: number, path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { cookie } }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
  });
}

for (const dialect of await dialectsUnderTest()) {
  describe(`a read is recorded even if the reader hangs up (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      await t.app.listen({ host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => t?.close());

    it('records an audit export abandoned after its first chunk', async () => {
      const c = await aContractWithLeads(t);
      // Enough events that the export is still streaming when the reader goes.
      await createAuditLog({ uow: t.db.uow, clock: t.clock }).recordMany(
        Array.from({ length: 4_000 }, (_, i) => ({
          actor: c.agencyActor,
          action: 'test.event',
          contractId: c.contract.id,
          details: { n: i, padding: 'x'.repeat(500) },
        })),
      );
      const { agent } = await signIn(t, c.rep.email);
      const { port } = t.app.server.address() as AddressInfo;
      const path = `/contracts/${c.contract.id}/audit/export?format=jsonl`;
      expect(await abandonAfterFirstChunk(port, path, agent.cookieHeader)).toBe(200);

      let records: { details: string; outcome: string }[] = [];
      for (let i = 0; i < 50 && records.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        await t.accessJournal.flush();
        records = await t.db.db
          .selectFrom('audit_events')
          .select(['details', 'outcome'])
          .where('action', '=', 'http.request')
          .where('actor_id', '=', c.rep.id)
          .where('resource_id', '=', c.contract.id)
          .where('contract_id', '=', c.contract.id)
          .execute()
          .then((rows) => rows.filter((r) => JSON.parse(r.details).route === '/contracts/:contractId/audit/export'));
      }
      expect(records).toHaveLength(1);
      expect(JSON.parse(records[0]!.details)).toMatchObject({ status: 200, aborted: true });
    });
  });
}
