import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { submitComplete } from './fixtures/submit-complete.ts';

type Contract = Awaited<ReturnType<typeof aContractWithLeads>>;

/**
 * Clause 4.3.2's 15 Working Day approval period is the Parties' joint target; each submitted version
 * also gets the Client's own decision clock (4.3.3). Each test has its own app, clock at Mon 30 Nov 2026.
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`the approval target and the decision clock (${dialect})`, () => {
    let t: TestApp;
    let c: Contract;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
      c = await aContractWithLeads(t);
    });
    afterEach(async () => t?.close());

    const clocks = async (kind: string) =>
      (await t.services.deadlines.listForContract(c.contract.id)).filter((d) => d.kind === kind);
    const submitted = (topic: string) => submitComplete(t, c, topic);
    const refuse = (v: { id: string; content_hash: string | null }) =>
      t.services.smp.decide(c.clientActor, c.contract.id, v.id, {
        decision: 'not-approved',
        contentHash: v.content_hash,
        reasons: [{ text: 'Not enough detail', clause: '4.2.1(e)' }],
      });
    /** The reminders the scheduler sends on a day, as [recipient, subject, text]. */
    async function remindersOn(instant: string, deadlineId: string) {
      t.clock.set(new Date(instant));
      await t.services.reminders.runOnce();
      return (
        await t.db.db
          .selectFrom('notifications')
          .select(['recipient_user_id', 'subject', 'body_text'])
          .where('idempotency_key', 'like', `deadline:${deadlineId}:%`)
          .where('created_at', '>=', instant)
          .execute()
      ).map((n) => [n.recipient_user_id, n.subject, n.body_text] as const);
    }

    it('makes the first submission start a joint target of both parties, and reminds both leads that it is joint', async () => {
      const v = await submitted('one');
      const [target] = await clocks('smp.approval');
      expect(target).toMatchObject({
        ownerParty: 'both',
        title: 'Approval process: 15 Working Day target (joint)',
        clause: 'A4.3.2',
        dueDate: '2026-12-21',
        status: 'open',
        belongsTo: expect.objectContaining({ type: 'smp-version', id: v.id }),
      });
      const sent = await remindersOn('2026-12-14T09:00:00.000Z', target!.id);
      expect(new Set(sent.map(([to]) => to))).toEqual(new Set([c.manager.id, c.rep.id]));
      expect(sent[0]![2]).toContain(
        'Approval process: 15 Working Day target (joint) (clause A4.3.2), a joint target of both parties,',
      );
    });

    it('gives the Client 5 Working Days to decide on each submitted version, met by the decision either way, and names the version in its reminder', async () => {
      const v1 = await submitted('one');
      const [decision] = await clocks('smp.decision');
      expect(decision).toMatchObject({
        ownerParty: 'client',
        clause: 'A4.3.3',
        title: 'The Client’s decision on version 1 of the Security Management Plan',
        dueDate: '2026-12-07',
        status: 'open',
        belongsTo: expect.objectContaining({ type: 'smp-version', id: v1.id }),
      });
      const sent = await remindersOn('2026-11-30T09:05:00.000Z', decision!.id);
      expect(sent.map(([to]) => to)).toEqual([c.rep.id]);
      expect(sent[0]![1]).toBe(
        `Due in 5 Working Days: A4.3.3 The Client’s decision on version 1 of the Security Management Plan (${c.contract.orderReference})`,
      );
      expect(sent[0]![2]).toContain('owed by the Client');

      t.clock.set(new Date('2026-12-01T10:00:00.000Z'));
      await refuse(v1);
      expect((await clocks('smp.decision')).map((d) => [d.status, Boolean(d.metAt)])).toEqual([['met', true]]);
      t.clock.set(new Date('2026-12-02T10:00:00.000Z'));
      const v2 = await submitted('two');
      const open = (await clocks('smp.decision')).filter((d) => d.status === 'open');
      expect(open).toEqual([
        expect.objectContaining({
          title: 'The Client’s decision on version 2 of the Security Management Plan',
          dueDate: '2026-12-09',
          belongsTo: expect.objectContaining({ id: v2.id }),
        }),
      ]);
      // A resubmission is not a first submission: the joint target keeps counting from the first.
      expect((await clocks('smp.approval')).map((d) => [d.status, d.dueDate])).toEqual([['open', '2026-12-21']]);
      await t.services.smp.decide(c.clientActor, c.contract.id, v2.id, {
        decision: 'approved',
        contentHash: v2.content_hash,
      });
      expect((await clocks('smp.decision')).map((d) => d.status)).toEqual(['met', 'met']);
      expect((await clocks('smp.approval')).map((d) => d.status)).toEqual(['met']);
    });

    it('stops the joint target when the matter goes to the Dispute Resolution Procedure, and sends no reminder of it after', async () => {
      const v1 = await submitted('one');
      t.clock.set(new Date('2026-12-01T10:00:00.000Z'));
      await refuse(v1);
      t.clock.set(new Date('2026-12-02T10:00:00.000Z'));
      const r = await refuse(await submitted('two'));
      expect(r.dispute).toBe(true);
      const [target] = await clocks('smp.approval');
      expect(target).toMatchObject({
        status: 'stopped',
        closedReason: 'The matter went to the Dispute Resolution Procedure',
        metAt: null,
      });
      for (const day of ['2026-12-14T09:00:00.000Z', '2026-12-21T09:00:00.000Z', '2026-12-23T09:00:00.000Z'])
        expect(await remindersOn(day, target!.id)).toEqual([]);
      const stopped = await t.db.db
        .selectFrom('audit_events')
        .select('resource_id')
        .where('action', '=', 'deadline.stop')
        .execute();
      expect(stopped.map((e) => e.resource_id)).toEqual([target!.id]);
    });
  });
}
