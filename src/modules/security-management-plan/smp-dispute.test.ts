import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { prose, submitComplete } from './fixtures/submit-complete.ts';

type Contract = Awaited<ReturnType<typeof aContractWithLeads>>;

/**
 * The end of the Dispute Resolution Procedure is recorded by both parties (clause 4.3.2): one records,
 * the other confirms (or declines the record). Each test: a first plan refused twice, so in dispute
 * from Wed 2 Dec 2026; its own app, clock and database.
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`a dispute recorded by both parties (${dialect})`, () => {
    let t: TestApp;
    let c: Contract;
    let disputed: { id: string };
    beforeEach(async () => {
      t = await buildTestApp(dialect);
      c = await aContractWithLeads(t);
      for (const day of ['2026-12-01', '2026-12-02']) {
        const sent = await submitComplete(t, c, day);
        t.clock.set(new Date(`${day}T10:00:00.000Z`));
        await t.services.smp.decide(c.clientActor, c.contract.id, sent.id, {
          decision: 'not-approved',
          contentHash: sent.content_hash,
          reasons: [{ text: 'Not enough detail' }],
        });
        disputed = sent;
      }
      t.clock.set(new Date('2026-12-10T10:00:00.000Z'));
    });
    afterEach(async () => t?.close());

    const dispute = () => t.services.smp.dispute(c.contract.id);
    const clocks = async (kind: string) =>
      (await t.services.deadlines.listForContract(c.contract.id)).filter((d) => d.kind === kind);
    const told = async (kind: string) =>
      (await t.db.db.selectFrom('notifications').select('recipient_user_id').where('kind', '=', kind).execute()).map(
        (n) => n.recipient_user_id,
      );
    const actions = async () =>
      (
        await t.db.db
          .selectFrom('audit_events')
          .select('action')
          .where('action', 'like', 'smp-dispute.%')
          .orderBy('seq')
          .execute()
      ).map((e) => e.action);

    it('approve as it is: recorded by the Agency, refused to the Agency as its own record, confirmed by the Client; the version is in force', async () => {
      await dispute().record(c.agencyActor, { outcome: 'approve-as-is', resolution: 'The expert found it adequate.' });
      expect(await told('smp.dispute-recorded')).toEqual([c.rep.id]);
      expect(await t.services.smp.stateLine(c.contract.id)).toBe(
        'In the Dispute Resolution Procedure since Wednesday 2 December 2026: the Agency recorded its outcome on Thursday 10 December 2026, awaiting the Client’s confirmation.',
      );
      // Nothing takes effect on one party's word.
      expect((await t.services.smp.overview(c.contract.id)).inForce).toBeUndefined();
      await expect(dispute().confirm(c.agencyActor)).rejects.toMatchObject({ code: 'smp_dispute_own_record' });
      await expect(
        dispute().record(c.clientActor, { outcome: 'withdrawn', resolution: 'Another view' }),
      ).rejects.toMatchObject({ code: 'smp_dispute_recorded' });
      await dispute().confirm(c.clientActor);
      const o = await t.services.smp.overview(c.contract.id);
      expect(o.inForce).toMatchObject({ id: disputed.id, status: 'approved' });
      expect(o.disputes[0]).toMatchObject({
        status: 'resolved',
        outcome: 'approve-as-is',
        recorded_by: c.manager.id,
        recorded_party: 'agency',
        resolved_by: c.rep.id,
      });
      expect((await clocks('smp.resubmission')).filter((d) => d.status === 'open')).toEqual([]);
      expect((await clocks('smp.review')).map((d) => d.status)).toEqual(['open']);
      expect(new Set(await told('smp.dispute-resolved'))).toEqual(new Set([c.manager.id, c.rep.id]));
      expect(await actions()).toEqual(['smp-dispute.create', 'smp-dispute.record', 'smp-dispute.resolve']);
      expect(await t.services.smp.stateLine(c.contract.id)).toBe('Version 2 is the plan in force.');
    });

    it('amend and resubmit by an agreed date: the resubmission is due that day, and the next submission starts a new joint target', async () => {
      await dispute().record(c.clientActor, {
        outcome: 'amend-and-resubmit',
        resolution: 'Add the backup controls.',
        resubmitBy: '2026-12-24',
      });
      expect(await clocks('smp.resubmission')).toHaveLength(1); // the first refusal's, met by the resubmission
      await dispute().confirm(c.agencyActor);
      const [, agreed] = (await clocks('smp.resubmission')).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      expect(agreed).toMatchObject({
        status: 'open',
        dueDate: '2026-12-24',
        rule: { kind: 'date', count: 0 },
        explanation:
          'Due Thu 24 Dec 2026: the date the Parties agreed in the outcome of the Dispute Resolution Procedure',
      });
      expect(await t.services.smp.stateLine(c.contract.id)).toBe(
        'The Dispute Resolution Procedure ended on Thursday 10 December 2026: the Agency resubmits by Thursday 24 December 2026.',
      );
      t.clock.set(new Date('2026-12-14T10:00:00.000Z'));
      const v = await t.services.smp.draft(c.agencyActor, c.contract.id);
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, v.id, {
        key: 'measures',
        markdown: prose('backups'),
      });
      await t.services.smp.submit(c.agencyActor, c.contract.id, v.id);
      expect((await clocks('smp.approval')).map((d) => [d.status, d.ownerParty, d.trigger.date])).toEqual(
        expect.arrayContaining([
          ['stopped', 'both', '2026-11-30'],
          ['open', 'both', '2026-12-14'],
        ]),
      );
      expect((await t.services.smp.overview(c.contract.id)).plan.refusals_in_cycle).toBe(0);
    });

    it('amend and resubmit with no date agreed gives the Agency 10 Working Days; a date in the past is refused', async () => {
      await expect(
        dispute().record(c.clientActor, {
          outcome: 'amend-and-resubmit',
          resolution: 'Add the backup controls.',
          resubmitBy: '2026-12-01',
        }),
      ).rejects.toMatchObject({ fields: { resubmitBy: 'The date the Agency resubmits by must be today or later' } });
      await dispute().record(c.clientActor, { outcome: 'amend-and-resubmit', resolution: 'Add the backups.' });
      await dispute().confirm(c.agencyActor);
      const open = (await clocks('smp.resubmission')).filter((d) => d.status === 'open');
      expect(open.map((d) => [d.dueDate, d.rule.kind])).toEqual([['2026-12-24', 'working-days']]);
    });

    it('withdrawn: the disputed version is withdrawn and no clock starts; the plan the Agency owes under 4.3.1 remains', async () => {
      await dispute().record(c.clientActor, { outcome: 'withdrawn', resolution: 'The Agency withdraws it.' });
      await dispute().confirm(c.agencyActor);
      const o = await t.services.smp.overview(c.contract.id);
      expect(o.versions.find((v) => v.id === disputed.id)!.status).toBe('withdrawn');
      expect((await clocks('smp.resubmission')).filter((d) => d.status === 'open' && !d.metAt)).toEqual([]);
      expect(await t.services.smp.stateLine(c.contract.id)).toBe(
        'No plan is in force yet: the Agency still owes one for Approval (clause 4.3.1).',
      );
    });

    it('a declined record is cleared with its reason, the recorder is told, and the outcome can be recorded again', async () => {
      await dispute().record(c.clientActor, { outcome: 'withdrawn', resolution: 'Withdrawn.' });
      await expect(dispute().decline(c.agencyActor, { reason: ' ' })).rejects.toMatchObject({
        fields: { reason: 'Enter why the recorded outcome is wrong' },
      });
      await expect(dispute().decline(c.clientActor, { reason: 'Mine' })).rejects.toMatchObject({
        code: 'smp_dispute_own_record',
      });
      await dispute().decline(c.agencyActor, { reason: 'The adjudicator asked for an amended plan.' });
      const [d] = (await t.services.smp.overview(c.contract.id)).disputes;
      expect(d).toMatchObject({
        status: 'open',
        outcome: null,
        resolution: null,
        recorded_at: null,
        declined_by: c.manager.id,
        decline_reason: 'The adjudicator asked for an amended plan.',
      });
      expect(await told('smp.dispute-declined')).toEqual([c.rep.id]);
      await expect(dispute().confirm(c.agencyActor)).rejects.toMatchObject({ code: 'smp_dispute_not_recorded' });
      await dispute().record(c.clientActor, { outcome: 'amend-and-resubmit', resolution: 'Amend it.' });
      await dispute().confirm(c.agencyActor);
      expect(await actions()).toEqual([
        'smp-dispute.create',
        'smp-dispute.record',
        'smp-dispute.decline',
        'smp-dispute.record',
        'smp-dispute.resolve',
      ]);
    });
  });
}
