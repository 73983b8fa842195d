import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { aContract, aUser, PASSWORD, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`every access is recorded (clause B7.1) (${dialect})`, () => {
    let t: TestApp;
    let c: Awaited<ReturnType<typeof aContract>>;
    let other: Awaited<ReturnType<typeof aContract>>;
    let viewer: Awaited<ReturnType<typeof aUser>>;
    const accesses = async (actorId: string) =>
      (await t.accessJournal.flush(), t.db.db)
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'http.request')
        .where('actor_id', '=', actorId)
        .orderBy('seq')
        .execute();

    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());
    // Each test has its own two contracts and a client viewer on the first, not yet signed in.
    beforeEach(async () => {
      c = await aContract(t);
      other = await aContract(t);
      viewer = await aUser(t, c.client.id, { displayName: 'Vera Viewer' });
      await t.services.contracts.grant({ type: 'system', name: 'test' }, c.contract.id, {
        userId: viewer.id,
        role: 'client-viewer',
      });
    });

    it('records who read which contract page, from where, and what was refused', async () => {
      const { agent } = await signIn(t, viewer.email);
      await agent.get(`/contracts/${c.contract.id}`);
      await agent.get(`/contracts/${other.contract.id}`);
      const events = await accesses(viewer.id);
      const read = events.find((e) => e.resource_id === c.contract.id)!;
      expect(read).toMatchObject({
        contract_id: c.contract.id,
        resource_type: 'contract',
        outcome: 'success',
        actor_type: 'user',
        actor_organisation_id: c.client.id,
        source_address: '127.0.0.1',
        class_uid: 6003,
        activity_id: 2,
      });
      expect(JSON.parse(read.details)).toMatchObject({ route: '/contracts/:contractId', method: 'GET', status: 200 });
      expect(JSON.parse(read.event)).toMatchObject({
        http_request: { http_method: 'GET', url: { path: `/contracts/${c.contract.id}` } },
        api: { operation: 'http.request', response: { code: 200 } },
      });
      const refused = events.find((e) => e.resource_id === other.contract.id)!;
      expect(refused).toMatchObject({ outcome: 'denied', severity_id: 3 });
    });

    it('records API token reads and half-signed-in refusals, and nothing for anonymous visitors', async () => {
      const admin = {
        type: 'user' as const,
        userId: '00000000-0000-7000-8000-000000000001',
        organisationId: '00000000-0000-7000-8000-000000000002',
        privileged: true,
      };
      const { token, secret } = await t.services.apiTokens.create(admin, {
        name: 'reader',
        contractId: c.contract.id,
        role: 'client-viewer',
        expiresOn: '2027-06-30',
      });
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/contracts/${c.contract.id}`,
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(await accesses(token.id)).toEqual([
        expect.objectContaining({ actor_type: 'token', contract_id: c.contract.id, outcome: 'success' }),
      ]);

      const half = new BrowserAgent(t.app, '10.9.9.9');
      await half.get('/sign-in');
      await half.post('/sign-in', { email: viewer.email, password: PASSWORD });
      await half.get(`/contracts/${c.contract.id}`);
      const pending = (await accesses(viewer.id)).filter(
        (e) => e.source_address === '10.9.9.9' && e.resource_id === c.contract.id,
      );
      expect(pending).toEqual([expect.objectContaining({ outcome: 'denied' })]);

      const before = await t.db.db.selectFrom('audit_tree_head').select('size').executeTakeFirstOrThrow();
      await new BrowserAgent(t.app).get(`/contracts/${c.contract.id}`);
      const after = await t.db.db.selectFrom('audit_tree_head').select('size').executeTakeFirstOrThrow();
      expect(after.size).toBe(before.size);
    });
  });
}
