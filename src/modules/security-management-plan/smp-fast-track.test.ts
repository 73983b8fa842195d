import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { anApprovedFirstPlan, planProse } from '../../../test/support/smp-plans.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

type Leads = Awaited<ReturnType<typeof aContractWithLeads>>;
const WHY_NOW = 'A phishing campaign is targeting our staff this week';

// Clause 4.4.4: the Client may, acting reasonably, require a change now; it says why, and the change
// is formalised through the Variation Procedure afterwards, within the Working Days the plan sets.
for (const dialect of await dialectsUnderTest()) {
  describe(`fast-track with a reason, and the formalisation clock (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    /** On Monday 30 Nov 2026 a plan is in force and version 2 is proposed as a Variation. */
    async function aProposal(c?: Leads) {
      t.clock.set(new Date('2026-11-30T09:00:00Z'));
      if (!c) {
        c = await aContractWithLeads(t);
        await anApprovedFirstPlan(t, c);
      }
      const v = await t.services.smp.draft(c.agencyActor, c.contract.id);
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, v.id, {
        key: 'measures',
        markdown: planProse(`phishing filters ${v.number}`),
      });
      const s = await t.services.smp.submit(c.agencyActor, c.contract.id, v.id, {
        title: 'Phishing filters',
        rationale: 'New threat',
      });
      return { c, version: s };
    }
    const fastTrack = (c: Leads, v: { id: string; content_hash: string | null }, reason?: string) =>
      t.services.smp.decide(c.clientActor, c.contract.id, v.id, {
        decision: 'approved',
        contentHash: v.content_hash,
        fastTrack: true,
        ...(reason === undefined ? {} : { fastTrackReason: reason }),
      });
    const formalisation = async (c: Leads) =>
      (await t.services.deadlines.listForContract(c.contract.id, ['open', 'missed', 'met', 'superseded'])).filter(
        (d) => d.kind === 'variation.formalise',
      );
    const noticesTo = async (c: Leads, kind: string) =>
      (
        await t.db.db
          .selectFrom('notifications')
          .select(['recipient_user_id', 'body_text'])
          .where('contract_id', '=', c.contract.id)
          .where('kind', '=', kind)
          .execute()
      ).map((n) => ({ to: n.recipient_user_id, text: n.body_text }));

    it('needs a reason, kept on the Variation, in its audit event and in the Agency’s notice', async () => {
      const { c, version } = await aProposal();
      for (const reason of [undefined, '   '])
        await expect(fastTrack(c, version, reason)).rejects.toMatchObject({
          fields: { fastTrackReason: expect.stringContaining('clause 4.4.4') },
        });
      expect((await t.services.smp.overview(c.contract.id)).inForce!.number).toBe(1);
      // Through the Variations service too, whoever calls it.
      const proposed = (await t.services.variations.forSubject('smp', version.id))!;
      await expect(
        t.services.variations.decideIn(c.clientActor, proposed, { agreed: true, fastTrack: true, note: '' }),
      ).rejects.toMatchObject({ fields: { fastTrackReason: expect.any(String) } });

      const r = await fastTrack(c, version, WHY_NOW);
      expect(r.variation).toMatchObject({ fastTrack: true, fast_track_reason: WHY_NOW });
      expect((await t.services.variations.get(c.contract.id, r.variation!.id)).fast_track_reason).toBe(WHY_NOW);
      const [agreed] = await t.db.db
        .selectFrom('audit_events')
        .select('details')
        .where('contract_id', '=', c.contract.id)
        .where('action', '=', 'variation.agree')
        .execute();
      expect(JSON.parse(agreed!.details)).toMatchObject({ fastTrack: true, fastTrackReason: WHY_NOW });
      expect(await noticesTo(c, 'smp.approved')).toContainEqual({
        to: c.manager.id,
        text: expect.stringContaining(`Why now: ${WHY_NOW}`),
      });
    });

    it('starts a joint clock that reminds both leads, also while overdue, until both record the signed Variation', async () => {
      const { c, version } = await aProposal();
      const r = await fastTrack(c, version, WHY_NOW);
      const [clock] = await formalisation(c);
      expect(clock).toMatchObject({
        clause: 'A4.4.4',
        title: `Formalise Variation ${r.variation!.number} through the Variation Procedure`,
        ownerParty: 'both',
        subject: { type: 'variation', id: r.variation!.id },
        belongsTo: { type: 'variation', id: r.variation!.id },
        trigger: { label: 'the fast-track Approval', date: '2026-11-30' },
        rule: { kind: 'working-days', count: 15 },
        dueDate: '2026-12-21',
        status: 'open',
      });
      expect(await t.services.variations.formalisationDue(r.variation!)).toMatchObject({ id: clock!.id });
      // Neither party alone can let it go.
      await expect(
        t.services.deadlines.waive(c.clientActor, clock!.id, { reason: 'Not needed' }),
      ).rejects.toMatchObject({ code: 'joint_target' });

      // A day after it was due, both leads are told it is overdue.
      t.clock.set(new Date('2026-12-22T10:00:00Z'));
      await t.services.reminders.runOnce();
      expect((await noticesTo(c, 'deadline.overdue')).map((n) => n.to).sort()).toEqual([c.manager.id, c.rep.id].sort());
      expect((await formalisation(c))[0]!.status).toBe('missed');

      // One party proposes the formal record: the clock still runs until the other confirms it.
      await t.services.variations.proposeFormal(c.agencyActor, c.contract.id, r.variation!.id, {
        reference: 'CCN-0101',
        date: '2026-12-22',
      });
      expect((await formalisation(c))[0]!.metAt).toBeNull();
      await t.services.variations.confirmFormal(c.clientActor, c.contract.id, r.variation!.id);
      const [met] = await formalisation(c);
      expect(met!.metAt).not.toBeNull();
      expect(await t.services.variations.formalisationDue(r.variation!)).toBeUndefined();
      // No more reminders once it is formalised.
      t.clock.set(new Date('2026-12-23T10:00:00Z'));
      await t.services.reminders.runOnce();
      expect(await noticesTo(c, 'deadline.overdue')).toHaveLength(2);
    });

    it('counts the Working Days the plan’s settings give, which either lead may change', async () => {
      const { c, version } = await aProposal();
      expect(await t.services.smpSettings.get(c.contract.id)).toEqual({ formaliseWithinDays: 15 });
      for (const bad of [0, 61, 'ten', '', 2.5])
        await expect(
          t.services.smpSettings.update(c.agencyActor, c.contract.id, { formaliseWithinDays: bad }),
        ).rejects.toMatchObject({ fields: { formaliseWithinDays: expect.stringContaining('from 1 to 60') } });
      await t.services.smpSettings.update(c.agencyActor, c.contract.id, { formaliseWithinDays: '5' });
      expect(await t.services.smpSettings.get(c.contract.id)).toEqual({ formaliseWithinDays: 5 });
      const [changed] = await t.db.db
        .selectFrom('audit_events')
        .select(['details', 'actor_id'])
        .where('contract_id', '=', c.contract.id)
        .where('action', '=', 'smp-settings.update')
        .execute();
      expect(JSON.parse(changed!.details)).toEqual({
        before: { formaliseWithinDays: 15 },
        after: { formaliseWithinDays: 5 },
      });
      expect((await noticesTo(c, 'smp.settings')).map((n) => n.to)).toEqual([c.rep.id]);

      await fastTrack(c, version, WHY_NOW);
      expect((await formalisation(c))[0]).toMatchObject({ rule: { count: 5 }, dueDate: '2026-12-07' });
      // The Client's Representative may change it too; the clock already running keeps its date.
      await t.services.smpSettings.update(c.clientActor, c.contract.id, { formaliseWithinDays: 20 });
      expect((await formalisation(c))[0]).toMatchObject({ dueDate: '2026-12-07' });
      const { version: next } = await aProposal(c);
      await fastTrack(c, next, WHY_NOW);
      expect((await formalisation(c)).map((d) => d.dueDate).sort()).toEqual(['2026-12-07', '2026-12-30']);
    });
  });
}
