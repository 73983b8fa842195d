import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/kernel/index.ts';
import { inputValue, parse, textOf } from '../../../test/support/html.ts';
import { aCompleteDraft } from '../../../test/support/smp-plans.ts';

const admin = systemActor('test');

// Issue 15 item 17: a notification is read once its person opens it or does what it announced; the
// Agency's people named in a plan hear when it is Approved.
for (const dialect of await dialectsUnderTest()) {
  describe(`Notifications read when opened or acted on; named staff told of Approval (${dialect})`, () => {
    let t: TestApp;
    let c: Awaited<ReturnType<typeof aContractWithLeads>>;
    let officer: Awaited<ReturnType<typeof aUser>>;

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      c = await aContractWithLeads(t);
      officer = await aUser(t, c.agency.id, { displayName: 'Olu Officer' });
      await t.services.contracts.grant(admin, c.contract.id, { userId: officer.id, role: 'agency-staff' });
    });
    afterAll(async () => t?.close());

    // Signs a person in through the pages (again, after the clock moves, with the TOTP secret from their first time).
    const secrets = new Map<string, string>();
    async function as(user: { email: string }) {
      const known = secrets.get(user.email);
      const s = await signIn(t, user.email, known ? { secret: known } : {});
      secrets.set(user.email, s.secret);
      return s.agent;
    }

    /** Each of a person's notifications of a kind: subject, text and whether it is read. */
    const mine = async (userId: string, kind: string) =>
      t.db.db
        .selectFrom('notifications')
        .select(['id', 'subject', 'body_text', 'read_at'])
        .where('recipient_user_id', '=', userId)
        .where('kind', '=', kind)
        .orderBy('created_at')
        .execute();

    /** A complete draft naming the security manager and the officer, submitted through the page. */
    async function submitted(agency: Awaited<ReturnType<typeof signIn>>['agent']) {
      const v = await aCompleteDraft(t, c, [
        { role: 'Security manager', userId: c.manager.id },
        { role: 'Incident lead', userId: officer.id },
        { role: 'Backup officer', userId: officer.id },
      ]);
      const path = `/contracts/${c.contract.id}/smp/versions/${v.id}`;
      await agency.get(path);
      expect((await agency.post(`${path}/submit`, {})).statusCode).toBe(303);
      return path;
    }

    it('reads a notification when its person opens it, and the header count drops', async () => {
      const client = await as(c.rep);
      await t.services.notifications.enqueue({
        userId: c.rep.id,
        contractId: c.contract.id,
        kind: 'smp.review',
        key: `open-test:${c.rep.id}`,
        subject: 'Results of the review',
        text: 'Read me',
      });
      const [n] = await mine(c.rep.id, 'smp.review');
      const before = Number(textOf((await client.get('/notifications')).body, 'unread-count') ?? 0);
      const page = await client.get(`/notifications/${n!.id}`);
      expect(page.statusCode).toBe(200);
      expect(parse(page.body)('.govuk-caption-l').text().trim()).toBe('Notification'); // not “(unread)”
      expect(parse(page.body)(`form[action="/notifications/${n!.id}/read"]`)).toHaveLength(0);
      expect((await mine(c.rep.id, 'smp.review'))[0]!.read_at).toBe('2026-11-30T09:00:00.000Z');
      const after = Number(textOf((await client.get('/notifications')).body, 'unread-count') ?? 0);
      expect(after).toBe(before - 1);
    });

    it('reads what announced a version once its person acts: the Client decides, the Agency resubmits', async () => {
      let agency = await as(c.manager);
      const client = await as(c.rep);
      const first = await submitted(agency);
      expect((await mine(c.rep.id, 'smp.submitted')).map((n) => n.read_at)).toEqual([null]);

      // The Client refuses without opening the notification: it is read all the same.
      const hash = inputValue((await client.get(first)).body, 'contentHash')!;
      const refused = await client.post(`${first}/decision`, {
        decision: 'not-approved',
        contentHash: hash,
        'reason-0': 'Say who runs the backups',
      });
      expect(refused.statusCode).toBe(303);
      expect((await mine(c.rep.id, 'smp.submitted')).map((n) => n.read_at)).toEqual([expect.any(String)]);
      expect((await mine(c.manager.id, 'smp.refused')).map((n) => n.read_at)).toEqual([null]);

      // A week later the reminder scheduler reminds the Agency of its resubmission clock (due 14 December).
      t.clock.set(new Date('2026-12-07T10:00:00Z'));
      expect((await t.services.reminders.runOnce()).reminders).toBeGreaterThan(0);
      const reminders = () =>
        t.db.db
          .selectFrom('notifications')
          .select('read_at')
          .where('recipient_user_id', '=', c.manager.id)
          .where('idempotency_key', 'like', 'deadline:%')
          .execute();
      expect((await reminders()).map((r) => r.read_at)).toEqual([null]);

      // The Agency resubmits a new version based on the refused one: the refusal and the reminder it answered are read.
      agency = await as(c.manager);
      const v2 = await t.services.smp.draft(c.agencyActor, c.contract.id);
      const second = `/contracts/${c.contract.id}/smp/versions/${v2.id}`;
      await agency.get(second);
      expect((await agency.post(`${second}/submit`, {})).statusCode).toBe(303);
      expect((await mine(c.manager.id, 'smp.refused')).map((n) => n.read_at)).toEqual([expect.any(String)]);
      // The Client's notice of the new version is not read by someone else's action.
      expect((await mine(c.rep.id, 'smp.submitted')).map((n) => n.read_at)).toEqual([expect.any(String), null]);

      expect((await reminders()).map((r) => r.read_at)).toEqual([expect.stringMatching(/^2026-12-07T10:/)]);

      // The Client approves the second version: its notice is read, and the officer named in it hears.
      t.clock.advanceMinutes(10);
      const client2 = await as(c.rep);
      const approved = await client2.post(`${second}/decision`, {
        decision: 'approved',
        contentHash: inputValue((await client2.get(second)).body, 'contentHash')!,
      });
      expect(approved.statusCode).toBe(303);
      expect((await mine(c.rep.id, 'smp.submitted')).every((n) => n.read_at !== null)).toBe(true);
      const told = await mine(officer.id, 'smp.approved');
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({
        subject: `Security Management Plan version 2 Approved (${c.contract.orderReference})`,
        read_at: null,
      });
      expect(told[0]!.body_text).toContain('It is now the plan in force.');
      expect(told[0]!.body_text).toContain(
        'The plan names you for “Incident lead” and “Backup officer” (clause 4.2.1(b))',
      );
      expect(await mine(c.manager.id, 'smp.approved')).toHaveLength(1); // the lead hears once, not twice
      const staff = await as(officer);
      expect((await staff.get('/notifications')).body).toContain('Security Management Plan version 2 Approved');
    });
  });
}
