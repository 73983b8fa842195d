import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract, aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const admin = { type: 'system' as const, name: 'test' };

// Reads of pages and feeds that carry several contracts' data: each contract's auditors must see them.
for (const dialect of await dialectsUnderTest()) {
  describe(`every contract read is visible to that contract (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    const reads = async (where: { actorId: string; action: string }) => {
      await t.accessJournal.flush();
      return t.db.db
        .selectFrom('audit_events')
        .select(['contract_id', 'details'])
        .where('actor_id', '=', where.actorId)
        .where('action', '=', where.action)
        .orderBy('seq')
        .execute();
    };

    it('names each contract whose data /deadlines, a notification and the calendar feed carried', async () => {
      const c = await aContractWithLeads(t);
      const second = await aContract(t, { agencyOrganisationId: c.agency.id });
      await t.services.contracts.grant(admin, second.contract.id, {
        userId: c.manager.id,
        role: 'agency-security-manager',
      });
      for (const contractId of [c.contract.id, second.contract.id])
        await t.services.deadlines.create(admin, contractId, {
          kind: 'test.delivery',
          clause: 'A4.3.1',
          title: 'Deliver the Security Management Plan',
          ownerParty: 'agency',
          ownerUserId: c.manager.id,
          triggerLabel: 'the Start Date',
          triggerDate: '2026-11-30',
          ruleKind: 'working-days',
          ruleCount: 20,
        });
      const both = [c.contract.id, second.contract.id].sort();
      const { agent } = await signIn(t, c.manager.email);

      expect((await agent.get('/deadlines')).statusCode).toBe(200);
      const pageReads = (await reads({ actorId: c.manager.id, action: 'http.request' })).filter(
        (r) => JSON.parse(r.details).route === '/deadlines',
      );
      expect(pageReads.map((r) => r.contract_id).sort()).toEqual(both);

      const { notificationId } = await t.services.notifications.enqueue({
        userId: c.manager.id,
        contractId: second.contract.id,
        kind: 'deadline.reminder',
        subject: 'Deliver the plan',
        text: 'Soon.',
        link: `/contracts/${second.contract.id}`,
        key: `contract-reads:${dialect}`,
      });
      expect((await agent.get(`/notifications/${notificationId}`)).statusCode).toBe(200);
      const shown = (await reads({ actorId: c.manager.id, action: 'http.request' })).filter(
        (r) => JSON.parse(r.details).route === '/notifications/:notificationId',
      );
      expect(shown.map((r) => r.contract_id)).toEqual([second.contract.id]);

      const { url } = await t.services.deadlineFeed.renew({
        type: 'user',
        userId: c.manager.id,
        organisationId: c.agency.id,
        privileged: false,
      });
      const feed = await t.app.inject({ method: 'GET', url: new URL(url).pathname });
      expect(feed.statusCode).toBe(200);
      const fed = await reads({ actorId: 'system:deadline-feed', action: 'deadline-feed.read' });
      expect(fed.map((r) => r.contract_id).sort()).toEqual(both);
    });
  });
}
