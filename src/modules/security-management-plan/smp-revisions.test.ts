import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { REQUIRED_SECTIONS } from './smp-content.ts';

const prose = (topic: string) =>
  `We protect ${topic} with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.`;
const results = {
  improvements: 'Add a section on cloud backups.',
  riskUpdates: 'Ransomware risk raised to high.',
  measurement: 'Report patch times monthly.',
};

for (const dialect of await dialectsUnderTest()) {
  describe(`Security Management Plan after Approval: reviews, Variations, disputes (${dialect})`, () => {
    let t: TestApp;
    let c: Awaited<ReturnType<typeof aContractWithLeads>>;
    const agency = () => c.agencyActor;
    const client = () => c.clientActor;
    const open = async (kind: string) =>
      (await t.services.deadlines.listForContract(c.contract.id))
        .filter((d) => d.kind === kind && d.status === 'open')
        .map((d) => d.dueDate);
    const overview = () => t.services.smp.overview(c.contract.id);
    /** The Variation Procedure's formal record: one party proposes it, the other confirms it. */
    async function formalise(by: 'agency' | 'client', id: string, reference: string) {
      const [first, second] = by === 'agency' ? [agency(), client()] : [client(), agency()];
      await t.services.variations.proposeFormal(first, c.contract.id, id, { reference, date: '2027-01-19' });
      return t.services.variations.confirmFormal(second, c.contract.id, id);
    }
    /** A new draft with one section changed, submitted (as a Variation once a plan is in force). */
    async function revise(topic: string, variation?: { title: string; rationale: string }) {
      const v = await t.services.smp.draft(agency(), c.contract.id);
      await t.services.smp.saveSection(agency(), c.contract.id, v.id, { key: 'measures', markdown: prose(topic) });
      return t.services.smp.submit(agency(), c.contract.id, v.id, variation);
    }
    const decide = (
      v: { id: string; content_hash: string | null },
      decision: 'approved' | 'not-approved',
      extra: Record<string, unknown> = {},
    ) =>
      t.services.smp.decide(client(), c.contract.id, v.id, {
        decision,
        contentHash: v.content_hash,
        reasons: decision === 'approved' ? [] : [{ text: 'Not enough detail', clause: '4.2.1(e)' }],
        ...extra,
      });

    // Each test has its own app (so its own clock, at 2026-11-30 09:00) and contract, whose first plan is complete
    // and approved: the tests read notifications and audit events across the whole database.
    beforeEach(async () => {
      t = await buildTestApp(dialect);
      c = await aContractWithLeads(t);
      const v = await t.services.smp.draft(agency(), c.contract.id);
      for (const s of REQUIRED_SECTIONS)
        await t.services.smp.saveSection(agency(), c.contract.id, v.id, { key: s.key, markdown: prose(s.heading) });
      await t.services.smp.saveLists(agency(), c.contract.id, v.id, {
        roles: [{ role: 'Security manager', userId: c.manager.id }],
        thirdParties: [],
      });
      await decide(await t.services.smp.submit(agency(), c.contract.id, v.id), 'approved');
    });
    afterEach(async () => t?.close());

    // The plan's later history, step by step, as each test below leaves it for the next one in the story.
    /** On 2027-01-11 the annual review finds changes are needed, which opens draft version 2. */
    async function reviewedWithChangesNeeded() {
      t.clock.set(new Date('2027-01-11T10:00:00Z'));
      await t.services.smpReviews.complete(agency(), c.contract.id, {
        triggers: ['annual', 'd'],
        triggerNotes: 'New ransomware campaign',
        ...results,
        changesNeeded: 'yes',
      });
    }
    /** Then version 2 is submitted as Variation 1, “Cloud backups”. */
    async function variationProposed() {
      await reviewedWithChangesNeeded();
      const v = await t.services.smp.draft(agency(), c.contract.id);
      await t.services.smp.saveSection(agency(), c.contract.id, v.id, {
        key: 'measures',
        markdown: prose('backups in the cloud'),
      });
      await t.services.smp.submit(agency(), c.contract.id, v.id, {
        title: 'Cloud backups',
        rationale: 'The annual review found backups were not covered',
      });
    }
    /** Then the Client approves it and, on 2027-01-20, the signed Variation CCN-0042 puts version 2 in force. */
    async function variationFormalised() {
      await variationProposed();
      const r = await decide((await overview()).versions[0]!, 'approved');
      t.clock.set(new Date('2027-01-20T10:00:00Z'));
      await formalise('agency', r.variation!.id, 'CCN-0042');
    }
    /** Then version 3 is refused and version 4 approved fast-track and formalised as CCN-0043. */
    async function fastTrackedVariationFormalised() {
      await variationFormalised();
      await decide(await revise('a first try', { title: 'Patch faster', rationale: 'New threats' }), 'not-approved');
      const second = await revise('a second try', {
        title: 'Patch faster, revised',
        rationale: 'New threats, more detail',
      });
      const fast = await decide(second, 'approved', { fastTrack: true, fastTrackReason: 'Attacks are under way' });
      await formalise('client', fast.variation!.id, 'CCN-0043');
    }

    it('refuses a review before there is a plan in force elsewhere, and records one here: results to the Client, the clock met and restarted, a new draft', async () => {
      expect(await open('smp.review')).toEqual(['2027-11-30']);
      await expect(
        t.services.smpReviews.complete(agency(), c.contract.id, { triggers: [], ...results, changesNeeded: 'yes' }),
      ).rejects.toMatchObject({ fields: { triggers: 'Select what prompted the review' } });
      await expect(
        t.services.smpReviews.complete(agency(), c.contract.id, {
          triggers: ['annual', 'z'],
          ...results,
          changesNeeded: 'no',
        }),
      ).rejects.toMatchObject({ fields: { 'triggers.1': expect.any(String) } });
      t.clock.set(new Date('2027-01-11T10:00:00Z'));
      const { review, draft } = await t.services.smpReviews.complete(agency(), c.contract.id, {
        triggers: ['annual', 'd'],
        triggerNotes: 'New ransomware campaign',
        ...results,
        changesNeeded: 'yes',
      });
      expect(review).toMatchObject({
        triggers: ['annual', 'd'],
        reviewed_version_id: (await overview()).inForce!.id,
        draft_version_id: draft!.id,
      });
      expect(draft).toMatchObject({ number: 2, status: 'draft' });
      expect(await open('smp.review')).toEqual(['2028-01-11']);
      const sent = await t.db.db
        .selectFrom('notifications')
        .select(['recipient_user_id', 'body_text'])
        .where('kind', '=', 'smp.review')
        .execute();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        recipient_user_id: c.rep.id,
        body_text: expect.stringContaining('(b) Updates to the risk assessments:\nRansomware risk raised to high.'),
      });
      expect(await t.services.smpReviews.list(c.contract.id)).toHaveLength(1);
    });

    it('proposes a change to the plan in force as a Variation, which needs a rationale and runs the 4.3.2 clocks', async () => {
      await reviewedWithChangesNeeded();
      const v = await t.services.smp.draft(agency(), c.contract.id);
      await t.services.smp.saveSection(agency(), c.contract.id, v.id, {
        key: 'measures',
        markdown: prose('backups in the cloud'),
      });
      await expect(t.services.smp.submit(agency(), c.contract.id, v.id, {})).rejects.toMatchObject({
        fields: { rationale: expect.stringContaining('Enter why') },
      });
      expect((await t.services.smp.version(c.contract.id, v.id)).status).toBe('draft'); // the refused submission changed nothing
      const submitted = await t.services.smp.submit(agency(), c.contract.id, v.id, {
        title: 'Cloud backups',
        rationale: 'The annual review found backups were not covered',
      });
      const variation = (await t.services.variations.forSubject('smp', v.id))!;
      expect(variation).toMatchObject({
        number: 1,
        status: 'proposed',
        subject_hash: submitted.content_hash,
        changes: ['“Security measures and procedures”: changed'],
      });
      expect(await open('smp.approval')).toEqual(['2027-02-01']);
    });

    it('approves the Variation without fast-track: Approved, but the plan in force changes only when the signed Variation is recorded', async () => {
      await variationProposed();
      const { versions } = await overview();
      const r = await decide(versions[0]!, 'approved');
      expect(r.variation).toMatchObject({ status: 'agreed', fastTrack: false, in_effect_at: null });
      expect((await overview()).inForce!.number).toBe(1);
      await expect(
        t.services.variations.proposeFormal(agency(), c.contract.id, r.variation!.id, {
          reference: '',
          date: '2027-01-19',
        }),
      ).rejects.toMatchObject({ fields: { reference: expect.any(String) } });
      t.clock.set(new Date('2027-01-20T10:00:00Z'));
      const f = await formalise('agency', r.variation!.id, 'CCN-0042');
      expect(f).toMatchObject({
        status: 'formalised',
        formal_reference: 'CCN-0042',
        in_effect_at: '2027-01-20T10:00:00.000Z',
      });
      expect((await overview()).inForce!.number).toBe(2);
      expect(await open('smp.review')).toEqual(['2028-01-11']); // counted from the review, not from the Variation taking effect (4.4.1)
      await expect(
        t.services.variations.proposeFormal(agency(), c.contract.id, r.variation!.id, {
          reference: 'again',
          date: '2027-01-19',
        }),
      ).rejects.toMatchObject({ code: 'variation_stale' });
    });

    it('a refused Variation leaves the plan in force; a fast-tracked one takes effect at once and is formalised afterwards', async () => {
      await variationFormalised();
      const refused = await decide(
        await revise('a first try', { title: 'Patch faster', rationale: 'New threats' }),
        'not-approved',
      );
      expect(refused).toMatchObject({
        approved: false,
        dispute: false,
        variation: { status: 'rejected', decision_note: '- Not enough detail (clause 4.2.1(e))' },
      });
      expect(await open('smp.resubmission')).toEqual(['2027-02-03']);
      const second = await revise('a second try', {
        title: 'Patch faster, revised',
        rationale: 'New threats, more detail',
      });
      await expect(decide(second, 'not-approved', { fastTrack: true })).rejects.toMatchObject({
        fields: { fastTrack: expect.any(String) },
      });
      await expect(decide(second, 'approved', { fastTrack: true })).rejects.toMatchObject({
        fields: { fastTrackReason: expect.stringContaining('clause 4.4.4') },
      });
      const fast = await decide(second, 'approved', { fastTrack: true, fastTrackReason: 'Attacks are under way' });
      await expect(decide(second, 'not-approved')).rejects.toMatchObject({
        code: 'smp_stale',
        message:
          'Version 4 is no longer awaiting a decision: it was Approved on 20 Jan 2027, 10:00. Reload the plan to see it.',
      });
      expect(fast.variation).toMatchObject({
        status: 'agreed',
        fastTrack: true,
        fast_track_reason: 'Attacks are under way',
        in_effect_at: '2027-01-20T10:00:00.000Z',
      });
      expect((await overview()).inForce!.id).toBe(second.id);
      const f = await formalise('client', fast.variation!.id, 'CCN-0043');
      expect(f.in_effect_at).toBe('2027-01-20T10:00:00.000Z'); // formalising does not move when it took effect
      const actions = (
        await t.db.db
          .selectFrom('audit_events')
          .select('action')
          .where('action', 'like', 'variation.%')
          .orderBy('seq')
          .execute()
      ).map((e) => e.action);
      expect(actions).toEqual([
        'variation.propose',
        'variation.agree',
        'variation.formal-propose',
        'variation.formalise',
        'variation.propose',
        'variation.reject',
        'variation.propose',
        'variation.agree',
        'variation.formal-propose',
        'variation.formalise',
      ]);
    });

    it('goes to dispute on a second refusal, blocks submission until the outcome is recorded, then starts the cycle again', async () => {
      await fastTrackedVariationFormalised();
      await decide(await revise('try one', { title: 'Try one', rationale: 'Why not' }), 'not-approved');
      const second = await revise('try two', { title: 'Try two', rationale: 'Why not' });
      const r = await decide(second, 'not-approved');
      expect(r.dispute).toBe(true);
      expect((await overview()).disputes).toEqual([
        expect.objectContaining({ version_id: second.id, status: 'open', resolution: null, resolved_at: null }),
      ]);
      const v = await t.services.smp.draft(agency(), c.contract.id);
      await expect(
        t.services.smp.submit(agency(), c.contract.id, v.id, { title: 'x', rationale: 'y' }),
      ).rejects.toMatchObject({ code: 'smp_in_dispute' });
      const dispute = t.services.smp.dispute(c.contract.id);
      await expect(dispute.record(client(), { outcome: 'amend-and-resubmit', resolution: ' ' })).rejects.toMatchObject({
        fields: { resolution: expect.any(String) },
      });
      await dispute.record(client(), {
        outcome: 'amend-and-resubmit',
        resolution: 'The adjudicator found for the Agency on section (e).',
      });
      await dispute.confirm(agency());
      expect((await overview()).dispute).toBeUndefined();
      // The history keeps the dispute, with its outcome and who recorded it.
      expect((await overview()).disputes).toEqual([
        expect.objectContaining({
          version_id: second.id,
          status: 'resolved',
          resolution: 'The adjudicator found for the Agency on section (e).',
          recorded_by: c.rep.id,
          resolved_by: c.manager.id,
        }),
      ]);
      expect(await open('smp.resubmission')).toEqual(['2027-02-03']);
      await expect(dispute.record(client(), { outcome: 'withdrawn', resolution: 'again' })).rejects.toMatchObject({
        code: 'smp_no_dispute',
      });
      await t.services.smp.saveSection(agency(), c.contract.id, v.id, {
        key: 'measures',
        markdown: prose('as the adjudicator found'),
      });
      const s = await t.services.smp.submit(agency(), c.contract.id, v.id, {
        title: 'After the dispute',
        rationale: 'The outcome of the Dispute Resolution Procedure',
      });
      expect(s.status).toBe('submitted');
      const told = await t.db.db
        .selectFrom('notifications')
        .select('recipient_user_id')
        .where('kind', '=', 'smp.dispute-resolved')
        .execute();
      expect(new Set(told.map((n) => n.recipient_user_id))).toEqual(new Set([c.manager.id, c.rep.id]));
    });
  });
}
