import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aContract, aUser } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};

for (const dialect of await dialectsUnderTest()) {
  describe(`deadlines service (${dialect})`, () => {
    let t: TestApp;
    const smpClock = (manager: { id: string }) => ({
      kind: 'test.smp-delivery',
      clause: 'A4.3.1',
      title: 'Deliver the Security Management Plan',
      ownerParty: 'agency' as const,
      ownerUserId: manager.id,
      triggerLabel: 'the Start Date',
      triggerDate: '2026-11-30',
      ruleKind: 'working-days' as const,
      ruleCount: 20,
    });
    const events = (id: string, app = t) =>
      app.db.db
        .selectFrom('audit_events')
        .select(['action', 'details'])
        .where('resource_id', '=', id)
        .orderBy('seq')
        .execute();
    const asUser = (userId: string, organisationId: string) => ({
      type: 'user' as const,
      userId,
      organisationId,
      privileged: false,
    });

    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());
    beforeEach(() => t.clock.set(new Date('2026-11-30T09:00:00.000Z')));

    /** A contract with its Agency security manager (Sam Security) and Client's Representative (Rita Rep). */
    async function aContractWithLeads(app = t) {
      const c = await aContract(app);
      const manager = await aUser(app, c.agency.id, { displayName: 'Sam Security' });
      const rep = await aUser(app, c.client.id, { displayName: 'Rita Rep' });
      await app.services.contracts.grant(admin, c.contract.id, { userId: manager.id, role: 'agency-security-manager' });
      await app.services.contracts.grant(admin, c.contract.id, { userId: rep.id, role: 'client-representative' });
      return { c, manager, rep };
    }

    it('stores a Working-Day clock with its due time, explanation and calendar version, audited and notified in one go', async () => {
      const { c, manager } = await aContractWithLeads();
      const d = await t.services.deadlines.create(admin, c.contract.id, smpClock(manager));
      expect(d).toMatchObject({
        dueDate: '2026-12-30',
        dueAt: '2026-12-30T23:59:59.000Z',
        status: 'open',
        overdue: false,
        provisional: false,
        explanation:
          'Due Wed 30 Dec 2026: 20 Working Days after the Start Date (Mon 30 Nov 2026), skipping 25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day)',
      });
      expect(d.calendarVersion).toBe(await t.services.calendar.version());
      expect((await events(d.id)).map((e) => e.action)).toEqual(['deadline.create']);
      const sent = await t.db.db
        .selectFrom('notifications')
        .select(['recipient_user_id', 'kind'])
        .where('idempotency_key', '=', `deadline:${d.id}:created:${manager.id}`)
        .execute();
      expect(sent).toEqual([{ recipient_user_id: manager.id, kind: 'deadline.created' }]);
    });

    it('counts Months with end-of-month clamping, and refuses a malformed clock with field messages', async () => {
      const { c, manager } = await aContractWithLeads();
      const d = await t.services.deadlines.create(admin, c.contract.id, {
        ...smpClock(manager),
        kind: 'test.review',
        triggerDate: '2027-01-31',
        ruleKind: 'months',
        ruleCount: 1,
      });
      expect(d.dueDate).toBe('2027-02-28');
      await expect(
        t.services.deadlines.create(admin, c.contract.id, {
          ...smpClock(manager),
          clause: 'not a clause',
          ruleCount: 0,
          triggerDate: '2026-02-30',
        }),
      ).rejects.toMatchObject({
        fields: {
          clause: expect.stringContaining('A4.3.1'),
          ruleCount: expect.any(String),
          triggerDate: expect.any(String),
        },
      });
    });

    it('lets a module meet its deadline, lets only the owed party waive one, and never reopens a closed one', async () => {
      const { c, manager, rep } = await aContractWithLeads();
      const d = await t.services.deadlines.create(admin, c.contract.id, smpClock(manager));
      await expect(t.services.deadlines.meetByHand(asUser(manager.id, c.agency.id), d.id)).rejects.toMatchObject({
        code: 'deadline_tracked',
      });
      const met = await t.services.deadlines.meet(asUser(manager.id, c.agency.id), d.id);
      expect(met).toMatchObject({ status: 'met', metBy: manager.id });
      await expect(t.services.deadlines.meet(asUser(manager.id, c.agency.id), d.id)).rejects.toMatchObject({
        code: 'deadline_closed',
      });

      const e = await t.services.deadlines.create(admin, c.contract.id, smpClock(manager));
      await expect(
        t.services.deadlines.waive(asUser(manager.id, c.agency.id), e.id, { reason: 'we would rather not' }),
      ).rejects.toMatchObject({ status: 409, code: 'not_owed_party' });
      await expect(t.services.deadlines.waive(asUser(rep.id, c.client.id), e.id, { reason: '' })).rejects.toMatchObject(
        { fields: { reason: 'Enter why it is waived' } },
      );
      const waived = await t.services.deadlines.waive(asUser(rep.id, c.client.id), e.id, {
        reason: 'Agreed at the 3 Dec meeting',
      });
      expect(waived).toMatchObject({ status: 'waived', closedBy: rep.id, closedReason: 'Agreed at the 3 Dec meeting' });
      expect((await events(e.id)).map((x) => x.action)).toEqual(['deadline.create', 'deadline.waive']);
    });

    it('marks passed deadlines missed once, and a late meeting keeps them missed', async () => {
      const { c, manager } = await aContractWithLeads();
      const d = await t.services.deadlines.create(admin, c.contract.id, {
        ...smpClock(manager),
        kind: 'test.late',
        ruleCount: 1,
      });
      expect(d.dueAt).toBe('2026-12-01T23:59:59.000Z');
      t.clock.set(new Date('2026-12-02T08:00:00.000Z'));
      try {
        expect(await t.services.deadlines.markMissed()).toBeGreaterThanOrEqual(1);
        expect(await t.services.deadlines.markMissed()).toBe(0);
        expect(await t.services.deadlines.get(d.id)).toMatchObject({ status: 'missed', overdue: true });
        const late = await t.services.deadlines.meet(asUser(manager.id, c.agency.id), d.id);
        expect(late).toMatchObject({ status: 'missed', overdue: false, metAt: '2026-12-02T08:00:00.000Z' });
      } finally {
        t.clock.set(new Date('2026-11-30T09:00:00.000Z'));
      }
    });

    it('moves open deadlines when a holiday is proclaimed, records why, and leaves closed ones alone', async () => {
      // Its own app: proclaiming a holiday changes the calendar every other test counts on.
      const t = await buildTestApp(dialect);
      try {
        const { c, manager } = await aContractWithLeads(t);
        const open = await t.services.deadlines.create(admin, c.contract.id, {
          ...smpClock(manager),
          kind: 'test.moves',
        });
        const closed = await t.services.deadlines.create(admin, c.contract.id, {
          ...smpClock(manager),
          kind: 'test.stays',
        });
        await t.services.deadlines.meet(admin, closed.id);
        await t.services.calendar.addHoliday(
          {
            date: '2026-12-15',
            title: 'Proclaimed holiday',
            divisions: ['england-and-wales'],
            reason: 'A royal proclamation',
          },
          admin,
        );
        const moved = await t.services.deadlines.get(open.id);
        expect(moved.dueDate).toBe('2026-12-31');
        expect(moved.explanation).toContain('15 Dec (Proclaimed holiday)');
        expect(moved.calendarVersion).toBeGreaterThan(open.calendarVersion);
        expect((await t.services.deadlines.get(closed.id)).dueDate).toBe('2026-12-30');
        const recorded = (await events(open.id, t)).find((e) => e.action === 'deadline.recompute')!;
        expect(JSON.parse(recorded.details)).toMatchObject({
          before: { dueAt: '2026-12-30T23:59:59.000Z' },
          after: { dueAt: '2026-12-31T23:59:59.000Z' },
        });
      } finally {
        await t.close();
      }
    });

    it('counts on England and Wales unless the contract explicitly says otherwise', async () => {
      const { c, manager } = await aContractWithLeads();
      const clock = {
        ...smpClock(manager),
        kind: 'test.division',
        triggerDate: '2026-11-27',
        ruleCount: 1,
        ownerUserId: null,
      };
      expect((await t.services.deadlines.create(admin, c.contract.id, clock)).dueDate).toBe('2026-11-30');
      const scottish = await aContract(t, {
        workingDayDivision: 'scotland',
        workingDayDivisionReason: 'The Order Form says Working Days follow Scottish bank holidays',
      });
      expect(scottish.contract.workingDayDivision).toBe('scotland');
      const d = await t.services.deadlines.create(admin, scottish.contract.id, clock);
      expect(d).toMatchObject({ dueDate: '2026-12-01', division: 'scotland' });
      expect(d.explanation).toContain('St Andrew');
    });

    it('lists a contract’s deadlines overdue first, then by due time', async () => {
      const { c, manager } = await aContractWithLeads();
      // Open ones due at different times, one met, and one missed.
      await t.services.deadlines.create(admin, c.contract.id, smpClock(manager));
      await t.services.deadlines.create(admin, c.contract.id, {
        ...smpClock(manager),
        kind: 'test.soon',
        ruleCount: 5,
      });
      const met = await t.services.deadlines.create(admin, c.contract.id, { ...smpClock(manager), kind: 'test.met' });
      await t.services.deadlines.meet(admin, met.id);
      await t.services.deadlines.create(admin, c.contract.id, {
        ...smpClock(manager),
        kind: 'test.late',
        ruleCount: 1,
      });
      t.clock.set(new Date('2026-12-02T08:00:00.000Z'));
      await t.services.deadlines.markMissed();
      const list = await t.services.deadlines.listForContract(c.contract.id);
      const ranks = list.map((d) => (d.overdue ? 0 : d.status === 'open' ? 1 : 2));
      expect(ranks).toEqual([...ranks].sort());
    });
  });
}
