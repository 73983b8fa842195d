import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { parse } from '../../../test/support/html.ts';
import { anApprovedFirstPlan, planProse } from '../../../test/support/smp-plans.ts';

// API tokens are made by a person: a system administrator acting as such.
const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};

// Issue 15 item 18: each clock of the plan says which version or Variation it belongs to, on the
// contract's deadlines page, on a person's own deadlines and in the API; a superseded clock is
// history, not listed beside the one now running.
for (const dialect of await dialectsUnderTest()) {
  describe(`Deadlines name the plan version or Variation they belong to (${dialect})`, () => {
    let t: TestApp;
    let c: Awaited<ReturnType<typeof aContractWithLeads>>;
    let v1: string;
    let v2: string;
    let variationId: string;

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      c = await aContractWithLeads(t);
      v1 = (await anApprovedFirstPlan(t, c)).id;
      // Version 2 goes to the Client as Variation 1 and is refused: the Agency's resubmission clock runs.
      t.clock.set(new Date('2027-01-11T10:00:00Z'));
      const next = await t.services.smp.draft(c.agencyActor, c.contract.id);
      v2 = next.id;
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, next.id, {
        key: 'measures',
        markdown: planProse('backups in the cloud'),
      });
      const s2 = await t.services.smp.submit(c.agencyActor, c.contract.id, next.id, {
        title: 'Cloud backups',
        rationale: 'Backups were not covered',
      });
      variationId = (await t.services.variations.forSubject('smp', next.id))!.id;
      await t.services.smp.decide(c.clientActor, c.contract.id, next.id, {
        decision: 'not-approved',
        contentHash: s2.content_hash,
        reasons: [{ text: 'Not enough detail' }],
      });
    });
    afterAll(async () => t?.close());

    /** Each row's "What is due" cell (column `at`) in words, and the links it gives to what the clock belongs to. */
    const rowsOf = (html: string, table: string, at = 1) => {
      const $ = parse(html);
      $(`${table} br`).replaceWith(' ');
      return $(`${table} tbody tr`)
        .map((_, tr) => ({
          title: $(tr).find('td').eq(at).text().replace(/\s+/g, ' ').trim(),
          links: $(tr)
            .find('[data-belongs-to] a')
            .map((_, a) => $(a).attr('href'))
            .get(),
        }))
        .get();
    };

    it('the contract’s deadlines page links each plan clock to its version or Variation', async () => {
      const agency = (await signIn(t, c.manager.email)).agent;
      const rows = rowsOf((await agency.get(`/contracts/${c.contract.id}/deadlines`)).body, '#current-deadlines');
      const on = `/contracts/${c.contract.id}`;
      expect(rows).toEqual(
        expect.arrayContaining([
          {
            title: 'Amend and resubmit the Security Management Plan For Variation 1 (version 2)',
            links: [`${on}/variations/${variationId}`],
          },
          {
            title: 'Approval process: 15 Working Day target (joint) For Variation 1 (version 2)',
            links: [`${on}/variations/${variationId}`],
          },
          { title: 'Review the Security Management Plan in full For Version 1', links: [`${on}/smp/versions/${v1}`] },
          {
            title: 'Deliver the Security Management Plan for Approval For Version 1',
            links: [`${on}/smp/versions/${v1}`],
          },
        ]),
      );
      expect((await agency.get(`${on}/variations/${variationId}`)).statusCode).toBe(200); // the link leads somewhere
      const mine = rowsOf((await agency.get('/deadlines')).body, 'table.custodian-deadlines', 2);
      expect(mine).toContainEqual({
        title: 'Amend and resubmit the Security Management Plan For Variation 1 (version 2)',
        links: [`${on}/variations/${variationId}`],
      });
      expect(v2).not.toBe(v1);
    });

    it('the API carries the same reference', async () => {
      const { secret } = await t.services.apiTokens.create(admin, {
        name: 'reader',
        contractId: c.contract.id,
        role: 'auditor',
        expiresOn: '2027-06-30',
      });
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/contracts/${c.contract.id}/deadlines?status=open`,
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(res.statusCode).toBe(200);
      const data = (res.json() as { data: { kind: string; belongsTo: unknown }[] }).data;
      expect(data.find((d) => d.kind === 'smp.resubmission')!.belongsTo).toEqual({
        type: 'variation',
        id: variationId,
        label: 'Variation 1 (version 2)',
        link: `/contracts/${c.contract.id}/variations/${variationId}`,
      });
      expect(data.find((d) => d.kind === 'smp.review')!.belongsTo).toMatchObject({ type: 'smp-version', id: v1 });
    });

    it('keeps a superseded clock out of the list beside the one now running, under a count', async () => {
      const system = { type: 'system' as const, name: 'test' };
      const [old] = await t.services.deadlines.outstandingFor(
        c.contract.id,
        'smp.review',
        (await t.services.smp.ensurePlan(c.contract.id)).id,
      );
      const moved = await t.services.deadlines.create(system, c.contract.id, {
        kind: 'smp.review',
        clause: 'A4.4.1',
        title: 'Review the Security Management Plan in full',
        ownerParty: 'agency',
        subjectType: 'smp',
        subjectId: old!.subject!.id,
        belongsTo: old!.belongsTo!,
        triggerLabel: 'the first Approval',
        triggerDate: '2026-12-01',
        ruleKind: 'months',
        ruleCount: 12,
      });
      await t.services.deadlines.supersede(system, old!.id, moved.id);

      const client = (await signIn(t, c.rep.email)).agent;
      const html = (await client.get(`/contracts/${c.contract.id}/deadlines`)).body;
      const review = (r: { title: string }) => r.title.startsWith('Review the Security Management Plan');
      expect(rowsOf(html, '#current-deadlines').filter(review)).toHaveLength(1);
      expect(rowsOf(html, '#superseded-deadlines').filter(review)).toHaveLength(1);
      const $ = parse(html);
      expect($('#current-deadlines').closest('details')).toHaveLength(0);
      expect($('#superseded-deadlines').closest('details').find('summary').text().trim()).toBe('1 superseded clock');
      expect($(`#superseded-deadlines #deadline-${old!.id} a[href="#deadline-${moved.id}"]`)).toHaveLength(1);
    });
  });
}
