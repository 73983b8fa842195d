import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aContract, anAdmin, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { pageText } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const system = { type: 'system' as const, name: 'start-date-test' };

/**
 * Clause 4.3.1: the Agency delivers the plan within 20 Working Days after the Start Date. When an
 * administrator corrects the Start Date, the open delivery clock moves with it (in the contract
 * change's own transaction), says why on the deadline and is recorded; a clock already met stays.
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`the 4.3.1 clock follows the Start Date (${dialect})`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof anAdmin>>;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      admin = await anAdmin(t);
    });
    afterAll(async () => t?.close());
    beforeEach(() => t.clock.set(new Date('2026-11-30T09:00:00.000Z')));

    const delivery = async (contractId: string) =>
      (await t.services.deadlines.listForContract(contractId)).find((d) => d.clause === 'A4.3.1')!;
    const events = (resourceId: string, action: string) =>
      t.db.db
        .selectFrom('audit_events')
        .select(['action', 'details', 'actor_id'])
        .where('resource_id', '=', resourceId)
        .where('action', '=', action)
        .orderBy('seq')
        .execute();
    /** Changes the Start Date through the administrator's edit form, as a person does. */
    async function moveStartDate(contractId: string, day: string, month: string, year: string, agent = admin.agent) {
      const c = await t.services.contracts.get(contractId);
      await agent.get(`/admin/contracts/${contractId}/edit`);
      return agent.post(`/admin/contracts/${contractId}`, {
        title: c.title,
        'startDate-day': day,
        'startDate-month': month,
        'startDate-year': year,
        clientRepresentativeUserId: '',
        oversightOrganisationId: '',
        securityPolicyApplies: 'no',
        oversightMayEnforce: 'no',
        workingDayDivision: 'england-and-wales',
        notes: '',
      });
    }

    it('moves the open delivery clock, explains the move on the deadline and records it', async () => {
      const { contract } = await aContract(t);
      const before = await delivery(contract.id);
      expect(before).toMatchObject({ status: 'open', dueDate: '2026-12-30', trigger: { date: '2026-11-30' } });

      const res = await moveStartDate(contract.id, '14', '12', '2026');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/contracts/${contract.id}`);
      const after = await delivery(contract.id);
      expect(after).toMatchObject({
        id: before.id,
        status: 'open',
        dueDate: '2027-01-14',
        trigger: { label: 'the Start Date', date: '2026-12-14' },
        revision: before.revision + 1,
      });
      const why = 'Moved from Wed 30 Dec 2026 because the Start Date changed from Mon 30 Nov 2026 to Mon 14 Dec 2026';
      expect(after.explanation).toBe(
        `Due Thu 14 Jan 2027: 20 Working Days after the Start Date (Mon 14 Dec 2026), skipping 25 Dec 2026 (Christmas Day), 28 Dec 2026 (Boxing Day, substitute day) and 1 Jan 2027 (New Year’s Day). ${why}`,
      );

      // People see it where the clock is explained: the contract's deadlines page.
      const page = pageText((await admin.agent.get(`/contracts/${contract.id}/deadlines`)).body);
      expect(page).toContain('Thu 14 Jan 2027');
      expect(page).toContain(why);

      // Recorded: who moved it, from what to what, and why.
      const [moved] = await events(before.id, 'deadline.move');
      expect(moved!.actor_id).toBe(admin.user.id);
      expect(JSON.parse(moved!.details)).toMatchObject({
        before: { triggerDate: '2026-11-30', dueAt: '2026-12-30T23:59:59.000Z' },
        after: { triggerDate: '2026-12-14', dueAt: '2027-01-14T23:59:59.000Z', explanation: after.explanation },
        reason: 'the Start Date changed from Mon 30 Nov 2026 to Mon 14 Dec 2026',
      });
    });

    it('leaves a clock that was met (or otherwise closed) where it was', async () => {
      const { contract } = await aContract(t);
      const met = await delivery(contract.id);
      await t.services.deadlines.meet(system, met.id, {});
      expect((await moveStartDate(contract.id, '7', '12', '2026')).statusCode).toBe(303);
      expect(await t.services.deadlines.get(met.id)).toMatchObject({
        status: 'met',
        dueDate: '2026-12-30',
        trigger: { date: '2026-11-30' },
        explanation: met.explanation,
      });
      expect(await events(met.id, 'deadline.move')).toEqual([]);
      expect((await t.services.contracts.get(contract.id)).startDate).toBe('2026-12-07');
    });

    it('reopens a missed, undelivered clock when the corrected Start Date puts it back in the future', async () => {
      const { contract } = await aContract(t);
      t.clock.set(new Date('2027-01-05T09:00:00.000Z'));
      await t.services.deadlines.markMissed();
      expect(await delivery(contract.id)).toMatchObject({ status: 'missed', dueDate: '2026-12-30' });
      // A month on, the administrator signs in afresh to correct the Start Date.
      const { agent } = await signIn(t, admin.user.email, { secret: admin.secret });
      const res = await moveStartDate(contract.id, '14', '12', '2026', agent);
      expect(res.headers.location).toBe(`/contracts/${contract.id}`);
      expect(await delivery(contract.id)).toMatchObject({ status: 'open', dueDate: '2027-01-14', overdue: false });
    });

    it('moves nothing when the contract change fails: the move is part of its transaction', async () => {
      const { contract } = await aContract(t);
      const before = await delivery(contract.id);
      // A later listener refuses the change after the clock has moved: both must be undone.
      let refuse = true;
      t.services.contracts.onUpdated(async () => {
        if (refuse) throw new Error('refused by a later listener');
      });
      try {
        await expect(
          t.services.contracts.update(system, contract.id, {
            title: contract.title,
            startDate: '2026-12-14',
            securityPolicyApplies: 'no',
            oversightMayEnforce: 'no',
          }),
        ).rejects.toThrow('refused by a later listener');
      } finally {
        refuse = false;
      }
      expect((await t.services.contracts.get(contract.id)).startDate).toBe('2026-11-30');
      expect(await delivery(contract.id)).toEqual(before);
      expect(await events(before.id, 'deadline.move')).toEqual([]);
    });
  });
}
