import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { parse } from '../../../test/support/html.ts';
import { REQUIRED_SECTIONS } from '../security-management-plan/index.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};
const prose = (topic: string) =>
  `We protect ${topic} with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.`;

// Variations take two (clauses 4.4.3–4.4.4): one party proposes the formal record, the other confirms
// or declines it; the Agency may withdraw a proposal it no longer wants, which stops its clocks.
for (const dialect of await dialectsUnderTest()) {
  describe(`Variations formalised by both parties, and withdrawn (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    /** A contract whose first plan is in force, with version 2 proposed as Variation 1 (“Cloud backups”). */
    async function aVariationProposed() {
      const c = await aContractWithLeads(t);
      const [a, cl] = [c.agencyActor, c.clientActor];
      const v1 = await t.services.smp.draft(a, c.contract.id);
      for (const s of REQUIRED_SECTIONS)
        await t.services.smp.saveSection(a, c.contract.id, v1.id, { key: s.key, markdown: prose(s.heading) });
      await t.services.smp.saveLists(a, c.contract.id, v1.id, {
        roles: [{ role: 'Security manager', userId: c.manager.id }],
        thirdParties: [],
      });
      const s1 = await t.services.smp.submit(a, c.contract.id, v1.id);
      await t.services.smp.decide(cl, c.contract.id, v1.id, { decision: 'approved', contentHash: s1.content_hash });
      const v2 = await t.services.smp.draft(a, c.contract.id);
      await t.services.smp.saveSection(a, c.contract.id, v2.id, { key: 'measures', markdown: prose('cloud backups') });
      const s2 = await t.services.smp.submit(a, c.contract.id, v2.id, {
        title: 'Cloud backups',
        rationale: 'The review found backups missing',
      });
      const variation = (await t.services.variations.forSubject('smp', v2.id))!;
      const [agency, client] = [await signIn(t, c.manager.email), await signIn(t, c.rep.email)];
      return {
        c,
        version: s2,
        variation,
        path: `/contracts/${c.contract.id}/variations/${variation.id}`,
        agency: agency.agent,
        client: client.agent,
        secrets: { agency: agency.secret, client: client.secret },
      };
    }
    type Proposed = Awaited<ReturnType<typeof aVariationProposed>>;
    /** Days later: both parties sign in again (their sessions have expired meanwhile). */
    async function later(p: Proposed, at: string) {
      t.clock.set(new Date(at));
      p.agency = (await signIn(t, p.c.manager.email, { secret: p.secrets.agency })).agent;
      p.client = (await signIn(t, p.c.rep.email, { secret: p.secrets.client })).agent;
    }
    const approve = (p: Proposed) =>
      t.services.smp.decide(p.c.clientActor, p.c.contract.id, p.version.id, {
        decision: 'approved',
        contentHash: p.version.content_hash,
      });
    const stored = async (p: Proposed) => (await t.services.variations.get(p.c.contract.id, p.variation.id)).status;
    const inForce = async (p: Proposed) => (await t.services.smp.overview(p.c.contract.id)).inForce!.number;
    const summary = (html: string) => {
      const $ = parse(html);
      return Object.fromEntries(
        $('main dl.govuk-summary-list .govuk-summary-list__row')
          .toArray()
          .map((row) => [$(row).find('dt').text().trim(), $(row).find('dd').text().replace(/\s+/g, ' ').trim()]),
      );
    };
    const told = async (p: Proposed, kind: string) =>
      (
        await t.db.db
          .selectFrom('notifications')
          .select('recipient_user_id')
          .where('contract_id', '=', p.c.contract.id)
          .where('kind', '=', kind)
          .execute()
      ).map((n) => n.recipient_user_id);
    const actions = async (p: Proposed) =>
      (
        await t.db.db
          .selectFrom('audit_events')
          .select('action')
          .where('contract_id', '=', p.c.contract.id)
          .where((eb) => eb.or([eb('action', 'like', 'variation.%'), eb('action', '=', 'smp-version.withdraw')]))
          .orderBy('seq')
          .execute()
      ).map((e) => e.action);

    it('needs both parties to formalise: one proposes the reference and date, the other confirms or declines with a reason', async () => {
      const p = await aVariationProposed();
      await approve(p);
      await later(p, '2027-01-20T10:00:00Z');
      const record = { reference: 'CCN-0042', 'date-day': '19', 'date-month': '1', 'date-year': '2027' };

      const bad = await p.agency.post(`${p.path}/formalise`, { ...record, 'date-month': '13' });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('The date of the signed Variation must be a real date');
      expect(bad.body).toContain('value="CCN-0042"');
      const future = await p.agency.post(`${p.path}/formalise`, { ...record, 'date-day': '21' });
      expect(future.statusCode).toBe(422);
      expect(future.body).toContain('must be today or in the past');

      expect((await p.agency.post(`${p.path}/formalise`, record)).statusCode).toBe(303);
      // Recorded by one party only: not formalised, not in effect, and the Client is asked to confirm.
      expect(await stored(p)).toBe('formalising');
      expect(await inForce(p)).toBe(1);
      expect(await told(p, 'variation.formal-proposed')).toEqual([p.c.rep.id]);
      const waiting = await p.agency.get(p.path);
      expect(waiting.body).toContain('Waiting for the Client to confirm the formal record');
      expect(summary(waiting.body)['Formal record proposed']).toMatch(
        new RegExp(`^CCN-0042, dated 19 January 2027, proposed by ${p.c.manager.displayName} for the Agency, `),
      );
      // The proposer cannot confirm its own record, on the page or by posting.
      expect(parse(waiting.body)('input[name="answer"]').length).toBe(0);
      const self = await p.agency.post(`${p.path}/formal-record`, { answer: 'confirm' });
      expect(self.statusCode).toBe(403);
      expect(await stored(p)).toBe('formalising');

      const shown = await p.client.get(p.path);
      expect(parse(shown.body)('input[name="answer"]').length).toBe(2);
      const noAnswer = await p.client.post(`${p.path}/formal-record`, {});
      expect(noAnswer.statusCode).toBe(422);
      expect(noAnswer.body).toContain('Select whether the formal record matches the signed Variation');
      const noReason = await p.client.post(`${p.path}/formal-record`, { answer: 'decline', reason: ' ' });
      expect(noReason.statusCode).toBe(422);
      expect(noReason.body).toContain('Enter why the formal record is not right');

      const declined = await p.client.post(`${p.path}/formal-record`, {
        answer: 'decline',
        reason: 'Our copy is CCN-0043',
      });
      expect(declined.statusCode).toBe(303);
      expect(await stored(p)).toBe('agreed');
      expect(await told(p, 'variation.formal-declined')).toEqual([p.c.manager.id]);
      expect(summary((await p.agency.get(p.path)).body)['Formal record declined']).toMatch(
        new RegExp(`^By ${p.c.rep.displayName}, .*: Our copy is CCN-0043$`),
      );

      // Either party may propose the record: this time the Client does, and the Agency confirms.
      expect((await p.client.post(`${p.path}/formalise`, { ...record, reference: 'CCN-0043' })).statusCode).toBe(303);
      expect(await told(p, 'variation.formal-proposed')).toEqual([p.c.rep.id, p.c.manager.id]);
      await later(p, '2027-01-21T09:00:00Z');
      expect((await p.agency.post(`${p.path}/formal-record`, { answer: 'confirm' })).statusCode).toBe(303);
      expect(await stored(p)).toBe('formalised');
      expect(await inForce(p)).toBe(2);
      const done = summary((await p.client.get(p.path)).body);
      expect(done['Formal record proposed']).toMatch(
        new RegExp(`^CCN-0043, dated 19 January 2027, proposed by ${p.c.rep.displayName} for the Client, `),
      );
      expect(done.Formalised).toMatch(new RegExp(`^Confirmed by ${p.c.manager.displayName} for the Agency, `));
      expect(done['Formal record declined']).toBeUndefined();
      expect(await actions(p)).toEqual([
        'variation.propose',
        'variation.agree',
        'variation.formal-propose',
        'variation.formal-decline',
        'variation.formal-propose',
        'variation.formalise',
      ]);
      expect((await p.client.post(`${p.path}/formal-record`, { answer: 'confirm' })).statusCode).toBe(409);

      // The API says who proposed and who confirmed what, and when.
      const token = (
        await t.services.apiTokens.create(admin, {
          name: 'auditor token',
          contractId: p.c.contract.id,
          role: 'auditor',
          expiresOn: '2027-06-30',
        })
      ).secret;
      const api = await t.app.inject({
        method: 'GET',
        url: `/api/v1/contracts/${p.c.contract.id}/variations`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(api.statusCode).toBe(200);
      expect(api.json().data[0]).toMatchObject({
        status: 'formalised',
        formalReference: 'CCN-0043',
        formalDate: '2027-01-19',
        formalProposedBy: p.c.rep.id,
        formalProposedByParty: 'client',
        formalisedBy: p.c.manager.id,
        formalisedAt: '2027-01-21T09:02:00.000Z', // two sign-ins, a minute each
        formalDeclinedBy: p.c.rep.id,
        formalDeclineReason: 'Our copy is CCN-0043',
      });
    });

    it('lets the Agency withdraw a proposal with a reason: the version is withdrawn, its clocks stop and the Client is told', async () => {
      const p = await aVariationProposed();
      const clock = async () =>
        (await t.services.deadlines.listForContract(p.c.contract.id))
          .filter((d) => d.kind === 'smp.approval')
          .map((d) => d.status);
      expect(await clock()).toEqual(expect.arrayContaining(['open']));
      const page = await p.agency.get(p.path);
      expect(page.body).toContain('Withdraw Variation 1');
      expect((await p.client.get(p.path)).body).not.toContain('Withdraw Variation 1');
      expect((await p.client.post(`${p.path}/withdraw`, { reason: 'Not ours' })).statusCode).toBe(403);

      const blank = await p.agency.post(`${p.path}/withdraw`, { reason: '' });
      expect(blank.statusCode).toBe(422);
      expect(blank.body).toContain('Enter why the Variation is withdrawn');
      expect(await stored(p)).toBe('proposed');

      const done = await p.agency.post(`${p.path}/withdraw`, { reason: 'The supplier changed: we no longer need it' });
      expect(done.statusCode).toBe(303);
      expect(await stored(p)).toBe('withdrawn');
      expect((await t.services.smp.version(p.c.contract.id, p.version.id)).status).toBe('withdrawn');
      expect(await clock()).not.toContain('open');
      expect(await told(p, 'variation.withdrawn')).toEqual([p.c.rep.id]);
      expect(summary((await p.client.get(p.path)).body).Withdrawn).toMatch(
        new RegExp(`^By ${p.c.manager.displayName} for the Agency, .*: The supplier changed: we no longer need it$`),
      );
      expect(await actions(p)).toEqual(['variation.propose', 'smp-version.withdraw', 'variation.withdraw']);
      expect(await inForce(p)).toBe(1);

      // The Client can no longer decide on it, nor can it be withdrawn twice.
      const late = await p.client.post(`/contracts/${p.c.contract.id}/smp/versions/${p.version.id}/decision`, {
        decision: 'approved',
        contentHash: p.version.content_hash!,
      });
      expect(late.statusCode).toBe(409);
      expect((await p.agency.post(`${p.path}/withdraw`, { reason: 'Again' })).statusCode).toBe(409);

      // A later proposal starts an approval cycle and a 15 Working Day clock of its own.
      const next = await t.services.smp.draft(p.c.agencyActor, p.c.contract.id);
      await t.services.smp.submit(p.c.agencyActor, p.c.contract.id, next.id, { title: 'Again', rationale: 'Why' });
      expect((await clock()).filter((s) => s === 'open')).toHaveLength(1);
    });

    it('withdraws only a proposal still awaiting the Client’s decision', async () => {
      const p = await aVariationProposed();
      await approve(p);
      expect((await p.agency.get(p.path)).body).not.toContain('Withdraw Variation 1');
      const late = await p.agency.post(`${p.path}/withdraw`, { reason: 'Changed our mind' });
      expect(late.statusCode).toBe(409);
      expect(late.body).toContain('only a proposal awaiting a decision can be withdrawn');
      expect(await stored(p)).toBe('agreed');
    });

    it('does not let the Agency withdraw the resubmission clause 4.3.2 requires after a refusal', async () => {
      const p = await aVariationProposed();
      await t.services.smp.decide(p.c.clientActor, p.c.contract.id, p.version.id, {
        decision: 'not-approved',
        contentHash: p.version.content_hash,
        reasons: [{ text: 'Too vague' }],
      });
      const again = await t.services.smp.draft(p.c.agencyActor, p.c.contract.id);
      await t.services.smp.submit(p.c.agencyActor, p.c.contract.id, again.id, { title: 'Again', rationale: 'Fixed' });
      const resubmitted = (await t.services.variations.forSubject('smp', again.id))!;
      const path = `/contracts/${p.c.contract.id}/variations/${resubmitted.id}`;
      const page = await p.agency.get(path);
      expect(page.body).not.toContain('Withdraw Variation 2');
      expect(page.body).toContain('is the resubmission clause 4.3.2 requires after a notice of non-approval');
      const refused = await p.agency.post(`${path}/withdraw`, { reason: 'We would rather not' });
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('a second refusal goes to the Dispute Resolution Procedure');
      expect((await t.services.variations.get(p.c.contract.id, resubmitted.id)).status).toBe('proposed');
      expect((await t.services.smp.version(p.c.contract.id, again.id)).status).toBe('submitted');
    });
  });
}
