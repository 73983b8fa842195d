import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, flashText, inputValue, pageText, parse, summaryValue } from '../../../test/support/html.ts';
import { anApprovedFirstPlan, planProse } from '../../../test/support/smp-plans.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

// The pages of clauses 4.4.1(e), 4.4.3 and 4.4.4 through the real app: the Client asks for a change,
// the Agency sees it as a task and answers it; the fast-track reason; the plan's settings.
for (const dialect of await dialectsUnderTest()) {
  describe(`change requests, fast-track and plan settings pages (${dialect})`, () => {
    let t: TestApp;
    let p: Awaited<ReturnType<typeof parties>>;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      p = await parties();
    });
    afterAll(async () => t?.close());

    /** A contract whose first plan is in force, its two leads signed in. */
    async function parties() {
      const c = await aContractWithLeads(t);
      await anApprovedFirstPlan(t, c);
      return {
        c,
        base: `/contracts/${c.contract.id}/smp`,
        agency: (await signIn(t, c.manager.email)).agent,
        client: (await signIn(t, c.rep.email)).agent,
      };
    }

    it('lets the Client ask for a change, with an error summary for what is missing, and shows it to the Agency as a task', async () => {
      const plan = await p.client.get(p.base);
      expect(parse(plan.body)(`a[href="${p.base}/change-requests/new"]`).text()).toBe('Request a change');
      expect((await p.agency.get(`${p.base}/change-requests/new`)).statusCode).toBe(403);

      const form = await p.client.get(`${p.base}/change-requests/new`);
      expect(form.statusCode).toBe(200);
      const blank = await p.client.post(`${p.base}/change-requests`, { what: 'Add MFA to the portal', why: ' ' });
      expect(blank.statusCode).toBe(422);
      expect(errorSummary(blank.body)).toEqual(['Enter why the change is needed']);
      expect(parse(blank.body)('textarea[name="what"]').text()).toBe('Add MFA to the portal');

      const sent = await p.client.post(`${p.base}/change-requests`, {
        what: 'Add MFA to the portal',
        why: 'Our access policy now asks for it',
      });
      expect(sent.statusCode).toBe(303);
      const page = await p.client.get(sent.headers.location as string);
      expect(flashText(page.body)).toBe('Change request 1 sent to the Agency');
      expect(summaryValue(page.body, 'Asked by')).toContain('for the Client');
      expect(pageText(page.body)).toContain('Waiting for the Agency');
      expect(parse(page.body)('form[action$="/draft"]').length).toBe(0);

      // The Agency's plan page lists it first, as its task, and its notifications say so.
      const agencyPlan = await p.agency.get(p.base);
      expect(pageText(agencyPlan.body)).toContain('The Client asks for 1 change to the plan');
      expect(parse(agencyPlan.body)('#change-requests tbody tr').first().text()).toContain('Add MFA to the portal');
      const { items } = await t.services.notifications.listFor(p.c.manager.id);
      expect(items.map((n) => n.subject)).toContainEqual(expect.stringContaining('asks for a change'));
    });

    it('lets the Agency answer with a draft that names the request and proposes it as the Variation', async () => {
      const [r] = await t.services.smpChangeRequests.list(p.c.contract.id);
      const page = await p.agency.get(`${p.base}/change-requests/${r!.id}`);
      expect(parse(page.body)('form[action$="/withdraw"]').length).toBe(0);
      const started = await p.agency.post(`${p.base}/change-requests/${r!.id}/draft`, {});
      expect(started.statusCode).toBe(303);
      const draft = await p.agency.get(started.headers.location as string);
      expect(pageText(draft.body)).toContain("In answer to the Client's change request 1");
      expect(inputValue(draft.body, 'title')).toBe('Change request 1: Add MFA to the portal');
      expect(parse(draft.body)('textarea[name="rationale"]').text()).toContain(
        'Why: Our access policy now asks for it',
      );
    });

    it('needs the Client’s reason to fast-track on the decision form, and shows it on the Variation', async () => {
      const [r] = await t.services.smpChangeRequests.list(p.c.contract.id);
      const v = await t.services.smp.version(p.c.contract.id, r!.version_id!);
      await t.services.smp.saveSection(p.c.agencyActor, p.c.contract.id, v.id, {
        key: 'measures',
        markdown: planProse('the portal with multi-factor authentication'),
      });
      const s = await t.services.smp.submit(p.c.agencyActor, p.c.contract.id, v.id, {
        title: 'MFA on the portal',
        rationale: 'Change request 1',
      });
      const path = `${p.base}/versions/${v.id}`;
      expect(parse((await p.client.get(path)).body)('#fastTrackReason').length).toBe(1);
      const decide = (extra: Record<string, string>) =>
        p.client.post(`${path}/decision`, { decision: 'approved', contentHash: s.content_hash!, ...extra });
      const missing = await decide({ fastTrack: 'yes', fastTrackReason: '' });
      expect(missing.statusCode).toBe(422);
      expect(errorSummary(missing.body)).toEqual([
        'Say why the change is needed faster than the Variation Procedure allows (clause 4.4.4)',
      ]);
      expect(parse(missing.body)('input[name="fastTrack"]').attr('checked')).toBeDefined();
      const done = await decide({ fastTrack: 'yes', fastTrackReason: 'Accounts are being attacked now' });
      expect(done.statusCode).toBe(303);

      const variation = (await t.services.variations.forSubject('smp', v.id))!;
      const vPage = await p.agency.get(`/contracts/${p.c.contract.id}/variations/${variation.id}`);
      expect(summaryValue(vPage.body, 'Why the Client required it now')).toBe('Accounts are being attacked now');
      expect(summaryValue(vPage.body, 'Formalise by')).toMatch(/^21 December 2026: a joint target of both parties/);
      const request = await p.client.get(`${p.base}/change-requests/${r!.id}`);
      expect(pageText(request.body)).toContain('Proposed as a Variation');
    });

    it('lists the requests in the API, with how each was answered, for roles that read every version', async () => {
      const token = async (role: string) =>
        (
          await t.services.apiTokens.create(
            { type: 'user', userId: p.c.manager.id, organisationId: p.c.agency.id, privileged: true },
            { name: `${role} token`, contractId: p.c.contract.id, role, expiresOn: '2027-06-30' },
          )
        ).secret;
      const get = async (role: string) =>
        t.app.inject({
          method: 'GET',
          url: `/api/v1/contracts/${p.c.contract.id}/smp/change-requests`,
          headers: { authorization: `Bearer ${await token(role)}` },
        });
      const [r] = await t.services.smpChangeRequests.list(p.c.contract.id);
      expect((await get('auditor')).json()).toEqual({
        data: [
          expect.objectContaining({
            id: r!.id,
            number: 1,
            what: 'Add MFA to the portal',
            status: 'proposed',
            versionId: r!.version_id,
            variationId: r!.variation_id,
            requestedBy: p.c.rep.id,
          }),
        ],
      });
      expect((await get('agency-staff')).statusCode).toBe(403);
    });

    it('lets either lead change the formalisation period on the settings page, with clear errors', async () => {
      expect(pageText((await p.client.get(p.base)).body)).toContain('within 15 Working Days');
      const form = await p.client.get(`${p.base}/settings`);
      expect(inputValue(form.body, 'formaliseWithinDays')).toBe('15');
      const bad = await p.client.post(`${p.base}/settings`, { formaliseWithinDays: 'ten' });
      expect(bad.statusCode).toBe(422);
      expect(errorSummary(bad.body)).toEqual(['Enter a number of Working Days from 1 to 60']);
      expect(inputValue(bad.body, 'formaliseWithinDays')).toBe('ten');
      const saved = await p.agency.post(`${p.base}/settings`, { formaliseWithinDays: '10' });
      expect(saved.statusCode).toBe(303);
      const plan = await p.agency.get(p.base);
      expect(flashText(plan.body)).toBe('A fast-tracked change is now to be formalised within 10 Working Days');
      expect(pageText(plan.body)).toContain('within 10 Working Days');
    });
  });
}
