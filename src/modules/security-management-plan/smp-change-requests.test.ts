import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { aCompleteDraft, anApprovedFirstPlan, planProse } from '../../../test/support/smp-plans.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

type Leads = Awaited<ReturnType<typeof aContractWithLeads>>;
const results = {
  improvements: 'None needed: the plan already covers it.',
  riskUpdates: 'No change to the risk assessments.',
  measurement: 'No change.',
};
const ask = { what: 'Add multi-factor authentication for the print portal', why: 'Our new access policy asks for it' };

// Clauses 4.4.1(e) and 4.4.3: the Client's Representative asks for a change; the Agency is told and
// answers it with a draft it proposes as a Variation, or with a review saying why no change is needed.
for (const dialect of await dialectsUnderTest()) {
  describe(`changes the Client asks for (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    const requests = () => t.services.smpChangeRequests;
    const told = async (c: Leads, kind: string) =>
      (
        await t.db.db
          .selectFrom('notifications')
          .select(['recipient_user_id', 'body_text', 'read_at'])
          .where('contract_id', '=', c.contract.id)
          .where('kind', '=', kind)
          .execute()
      ).map((n) => ({ to: n.recipient_user_id, text: n.body_text, read: n.read_at !== null }));
    const actions = async (c: Leads) =>
      (
        await t.db.db
          .selectFrom('audit_events')
          .select('action')
          .where('contract_id', '=', c.contract.id)
          .where('action', 'like', 'smp-change-request.%')
          .orderBy('seq')
          .execute()
      ).map((e) => e.action);
    async function aPlanInForce() {
      const c = await aContractWithLeads(t);
      await anApprovedFirstPlan(t, c);
      return c;
    }

    it('needs a plan in force, and says what and why', async () => {
      const c = await aContractWithLeads(t);
      await aCompleteDraft(t, c);
      await expect(requests().request(c.clientActor, c.contract.id, ask)).rejects.toMatchObject({
        code: 'smp_not_in_force',
      });
      await anApprovedFirstPlan(t, c);
      await expect(requests().request(c.clientActor, c.contract.id, { what: ' ', why: '' })).rejects.toMatchObject({
        fields: { what: 'Enter what should change in the plan', why: 'Enter why the change is needed' },
      });
      expect(await requests().list(c.contract.id)).toEqual([]);
    });

    it('reaches the Agency as a task, and is answered by a draft proposed as a Variation', async () => {
      const c = await aPlanInForce();
      const r = await requests().request(c.clientActor, c.contract.id, ask);
      expect(r).toMatchObject({ number: 1, status: 'open', requested_by: c.rep.id, ...ask });
      expect(await told(c, 'smp.change-request')).toEqual([
        { to: c.manager.id, text: expect.stringContaining(`What: ${ask.what}`), read: false },
      ]);

      const draft = await requests().answerWithDraft(c.agencyActor, c.contract.id, r.id);
      expect(draft.number).toBe(2);
      expect(await requests().get(c.contract.id, r.id)).toMatchObject({ status: 'drafting', version_id: draft.id });
      expect(await requests().forVersion(draft.id)).toMatchObject([{ id: r.id }]);
      // Answering reads the Agency's notice; the Client hears that a draft is under way.
      const notices = await told(c, 'smp.change-request');
      expect(notices).toContainEqual({ to: c.manager.id, text: expect.any(String), read: true });
      expect(notices).toContainEqual({ to: c.rep.id, text: expect.stringContaining('version 2'), read: false });

      await t.services.smp.saveSection(c.agencyActor, c.contract.id, draft.id, {
        key: 'measures',
        markdown: planProse('the print portal with multi-factor authentication'),
      });
      await t.services.smp.submit(c.agencyActor, c.contract.id, draft.id, {
        title: 'Multi-factor authentication',
        rationale: 'Change request 1',
      });
      const variation = (await t.services.variations.forSubject('smp', draft.id))!;
      expect(await requests().get(c.contract.id, r.id)).toMatchObject({
        status: 'proposed',
        version_id: draft.id,
        variation_id: variation.id,
        answered_by: c.manager.id,
      });
      expect(await actions(c)).toEqual([
        'smp-change-request.create',
        'smp-change-request.draft',
        'smp-change-request.propose',
      ]);
      await expect(requests().answerWithDraft(c.agencyActor, c.contract.id, r.id)).rejects.toMatchObject({
        code: 'change_request_answered',
      });

      // The Agency withdraws that Variation: the request waits for an answer again, and the Client is told.
      await t.services.variations.withdraw(c.agencyActor, c.contract.id, variation.id, { reason: 'Wrong draft' });
      expect(await requests().get(c.contract.id, r.id)).toMatchObject({
        status: 'open',
        version_id: null,
        variation_id: null,
      });
      expect((await actions(c)).at(-1)).toBe('smp-change-request.reopen');
      expect(await told(c, 'smp.change-request')).toContainEqual({
        to: c.rep.id,
        text: expect.stringContaining('waits for the Agency'),
        read: false,
      });
    });

    it('is answered by a review that finds no change needed, which goes to the Client and cites 4.4.1(e)', async () => {
      const c = await aPlanInForce();
      const r = await requests().request(c.clientActor, c.contract.id, ask);
      const done = await requests().answerWithReview(c.agencyActor, c.contract.id, r.id, {
        triggers: ['d'],
        ...results,
        changesNeeded: 'no',
      });
      expect(done.draft).toBeUndefined();
      expect(done.review.triggers).toEqual(['d', 'e']);
      expect(await requests().get(c.contract.id, r.id)).toMatchObject({
        status: 'reviewed',
        review_id: done.review.id,
        answered_by: c.manager.id,
      });
      expect((await told(c, 'smp.review')).map((n) => n.to)).toEqual([c.rep.id]);
      // A review that finds the plan must change starts the draft, which then answers the request.
      const second = await requests().request(c.clientActor, c.contract.id, { ...ask, what: 'Encrypt backups' });
      const changed = await requests().answerWithReview(c.agencyActor, c.contract.id, second.id, {
        triggers: 'annual',
        ...results,
        changesNeeded: 'yes',
      });
      expect(await requests().get(c.contract.id, second.id)).toMatchObject({
        number: 2,
        status: 'drafting',
        version_id: changed.draft!.id,
        review_id: changed.review.id,
      });
    });

    it('may be withdrawn by the Client with a reason, after which the Agency cannot answer it', async () => {
      const c = await aPlanInForce();
      const r = await requests().request(c.clientActor, c.contract.id, ask);
      await expect(requests().withdraw(c.clientActor, c.contract.id, r.id, { reason: '' })).rejects.toMatchObject({
        fields: { reason: 'Enter why you withdraw the request' },
      });
      const w = await requests().withdraw(c.clientActor, c.contract.id, r.id, { reason: 'Policy postponed' });
      expect(w).toMatchObject({ status: 'withdrawn', withdrawn_by: c.rep.id, withdrawal_reason: 'Policy postponed' });
      expect(await told(c, 'smp.change-request')).toContainEqual({
        to: c.manager.id,
        text: expect.stringContaining('Why: Policy postponed'),
        read: false,
      });
      await expect(requests().answerWithDraft(c.agencyActor, c.contract.id, r.id)).rejects.toMatchObject({
        code: 'change_request_answered',
      });
      // Another contract's request is simply not found.
      const other = await aPlanInForce();
      await expect(requests().get(other.contract.id, r.id)).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}
