import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aContract, aUser } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../../test/support/smtp-server.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createDeliveryWorker } from '../notifications/index.ts';
import { createReminderScheduler } from './index.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};

for (const dialect of await dialectsUnderTest()) {
  describe(`deadline reminders by real SMTP (${dialect})`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let people: Record<'owner' | 'manager' | 'escalation' | 'rep', { id: string; email: string }>;
    let ref: string;

    // Each test has its own app, clock, mail server and contract with the one deadline it follows.
    beforeEach(async () => {
      smtp = await startTestSmtpServer();
      t = await buildTestApp(dialect, {}, { mailer: smtp.mailer() });
      const c = await aContract(t);
      ref = c.contract.orderReference;
      people = {
        owner: await aUser(t, c.agency.id, { displayName: 'Owen Owner' }),
        manager: await aUser(t, c.agency.id, { displayName: 'Sam Security' }),
        escalation: await aUser(t, c.agency.id, { displayName: 'Eve Escalation' }),
        rep: await aUser(t, c.client.id, { displayName: 'Rita Rep' }),
      };
      await t.services.contracts.grant(admin, c.contract.id, {
        userId: people.manager.id,
        role: 'agency-security-manager',
      });
      await t.services.contracts.grant(admin, c.contract.id, { userId: people.rep.id, role: 'client-representative' });
      // The owner and the escalation contact must hold a role on the contract to be named on a deadline.
      for (const p of [people.owner, people.escalation])
        await t.services.contracts.grant(admin, c.contract.id, { userId: p.id, role: 'agency-staff' });
      // The contract's own SMP clock has the same dates and would remind the same people: set it aside, so this test follows one deadline.
      for (const d of await t.services.deadlines.listForContract(c.contract.id))
        await t.services.deadlines.supersede(admin, d.id, undefined);
      await t.services.deadlines.create(admin, c.contract.id, {
        kind: 'test.smp-delivery',
        clause: 'A4.3.1',
        title: 'Deliver the Security Management Plan',
        ownerParty: 'agency',
        ownerUserId: people.owner.id,
        escalationUserId: people.escalation.id,
        triggerLabel: 'the Start Date',
        triggerDate: '2026-11-30',
        ruleKind: 'working-days',
        ruleCount: 20,
      });
    });
    afterEach(async () => {
      await t?.close();
      await smtp?.close();
    });

    /** One scheduler pass and one delivery pass on `day`, as the running server would do them; a new scheduler and worker each time, as after a restart. */
    async function dayPasses(day: string) {
      t.clock.set(new Date(`${day}T09:00:00.000Z`));
      const scheduler = createReminderScheduler({
        deadlines: t.services.deadlines,
        calendar: t.services.calendar,
        contracts: t.services.contracts,
        notifications: t.services.notifications,
      });
      const result = await scheduler.runOnce();
      const worker = createDeliveryWorker({
        uow: t.db.uow,
        users: t.services.users,
        contracts: t.services.contracts,
        clock: t.clock,
        audit: t.services.audit,
        secrets: t.services.secrets,
        mailer: smtp.mailer(),
        publicUrl: t.config.publicUrl,
        concurrency: 1,
      });
      await worker.runOnce();
      return result;
    }
    const mailTo = (email: string) =>
      smtp.accepted.filter((m) => JSON.stringify(m.to).includes(email)).map((m) => m.subject);

    it('sends nothing before the first reminder is due', async () => {
      await dayPasses('2026-12-18');
      expect(smtp.accepted.filter((m) => m.subject?.includes('Due in'))).toEqual([]);
    });

    it('reminds the owner and the Agency security manager 5 and 1 Working Days before, and on the day, once each across restarts', async () => {
      expect(await dayPasses('2026-12-21')).toMatchObject({ reminders: 2 });
      expect(await dayPasses('2026-12-21')).toMatchObject({ reminders: 0 }); // a restart the same day sends nothing new
      await dayPasses('2026-12-29');
      await dayPasses('2026-12-30');
      const expected = [
        `Due in 5 Working Days: A4.3.1 Deliver the Security Management Plan (${ref})`,
        `Due in 1 Working Day: A4.3.1 Deliver the Security Management Plan (${ref})`,
        `Due today: A4.3.1 Deliver the Security Management Plan (${ref})`,
      ];
      expect(mailTo(people.owner.email).filter((s) => !s?.startsWith('New deadline'))).toEqual(expected);
      expect(mailTo(people.manager.email)).toEqual(expected);
      expect(mailTo(people.rep.email)).toEqual([]); // the Client is not told about the Agency's deadline
      const body = smtp.accepted.find((m) => m.subject === expected[0])!.text!;
      expect(body).toContain('skipping 25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day)');
    });

    it('marks it missed, reminds every overdue Working Day, and brings in the escalation contact after 2', async () => {
      // The days before, as the test above passes them: the reminders 5 and 1 Working Days before, and on the day.
      for (const day of ['2026-12-18', '2026-12-21', '2026-12-21', '2026-12-29', '2026-12-30']) await dayPasses(day);
      expect(await dayPasses('2026-12-31')).toMatchObject({ missed: 1 });
      await dayPasses('2027-01-01'); // New Year's Day: not a Working Day, no reminder
      await dayPasses('2027-01-04');
      await dayPasses('2027-01-04');
      const overdue = (n: number) =>
        `Overdue by ${n} Working Day${n === 1 ? '' : 's'}: A4.3.1 Deliver the Security Management Plan (${ref})`;
      expect(mailTo(people.owner.email).filter((s) => s?.startsWith('Overdue'))).toEqual([overdue(1), overdue(2)]);
      expect(mailTo(people.escalation.email)).toEqual([overdue(2)]);
      // Exactly once: no Message-ID was sent twice.
      const ids = smtp.accepted.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
}
