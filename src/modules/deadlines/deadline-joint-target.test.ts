import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract, aUser } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { deadlinesOf } from './deadline-mine.ts';
import { recipients, DEFAULT_POLICY } from './deadline-reminders.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};

/** A joint target (clause 4.3.2's approval period) is owed by both parties: both hear of it, neither alone waives it. */
for (const dialect of await dialectsUnderTest()) {
  describe(`a joint target of both parties (${dialect})`, () => {
    let t: TestApp;
    let contractId: string;
    let manager: { id: string };
    let rep: { id: string };
    let agencyOrg: string;
    let clientOrg: string;
    let deadlineId: string;

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      const c = await aContract(t);
      contractId = c.contract.id;
      agencyOrg = c.agency.id;
      clientOrg = c.client.id;
      manager = await aUser(t, c.agency.id, { displayName: 'Sam Security' });
      rep = await aUser(t, c.client.id, { displayName: 'Rita Rep' });
      await t.services.contracts.grant(admin, contractId, { userId: manager.id, role: 'agency-security-manager' });
      await t.services.contracts.grant(admin, contractId, { userId: rep.id, role: 'client-representative' });
      const d = await t.services.deadlines.create(admin, contractId, {
        kind: 'custom',
        clause: 'A4.3.2',
        title: 'Finish the approval process',
        ownerParty: 'both',
        triggerLabel: 'its first submission',
        triggerDate: '2026-12-01',
        ruleKind: 'working-days',
        ruleCount: 15,
      });
      deadlineId = d.id;
    });
    afterAll(async () => t?.close());

    const as = (userId: string, organisationId: string) => ({
      type: 'user' as const,
      userId,
      organisationId,
      privileged: false,
    });

    it('is listed as waiting for the leads of both parties, and reminds both', async () => {
      for (const person of [manager, rep]) {
        const mine = await deadlinesOf(t.services, person.id);
        expect(mine.map((m) => m.deadline.id)).toContain(deadlineId);
      }
      const d = await t.services.deadlines.get(deadlineId);
      expect(d.ownerParty).toBe('both');
      const contract = await t.services.contracts.get(contractId);
      const members = await t.services.contracts.memberships(contractId);
      expect(recipients(d, contract, members, 0, DEFAULT_POLICY).sort()).toEqual([manager.id, rep.id].sort());
    });

    it('cannot be waived by either party alone', async () => {
      for (const [id, org] of [
        [manager.id, agencyOrg],
        [rep.id, clientOrg],
      ] as const)
        await expect(
          t.services.deadlines.waive(as(id, org), deadlineId, { reason: 'No longer needed' }),
        ).rejects.toMatchObject({
          code: 'joint_target',
        });
    });

    it('may be marked met by either party when it is one people added', async () => {
      const met = await t.services.deadlines.meet(as(rep.id, clientOrg), deadlineId, {});
      expect(met.status).toBe('met');
    });
  });
}
