import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { pageText, parse } from '../../../test/support/html.ts';
import { anApprovedFirstPlan } from '../../../test/support/smp-plans.ts';

// Clause 4.4.1: the plan is "fully reviewed and updated at least annually". The clock counts from the
// last full review (or the first Approval), never from a change that took effect in between.
for (const dialect of await dialectsUnderTest()) {
  describe(`The annual review clock counts from the last full review (${dialect})`, () => {
    let t: TestApp;
    let c: Awaited<ReturnType<typeof aContractWithLeads>>;

    beforeEach(async () => {
      t = await buildTestApp(dialect);
      c = await aContractWithLeads(t);
      await anApprovedFirstPlan(t, c);
    });
    afterEach(async () => t?.close());

    /** The Agency proposes a renamed role as a Variation; the Client approves it fast-track through the decision page. */
    async function fastTrackedRename(client: Awaited<ReturnType<typeof signIn>>['agent'], role: string) {
      const v = await t.services.smp.draft(c.agencyActor, c.contract.id);
      await t.services.smp.saveLists(c.agencyActor, c.contract.id, v.id, {
        roles: [{ role, userId: c.manager.id }],
        thirdParties: [],
      });
      const s = await t.services.smp.submit(c.agencyActor, c.contract.id, v.id, {
        title: `Call the security manager ${role}`,
        rationale: 'The role has a new name',
      });
      const path = `/contracts/${c.contract.id}/smp/versions/${v.id}`;
      await client.get(path);
      const decided = await client.post(`${path}/decision`, {
        decision: 'approved',
        contentHash: s.content_hash!,
        fastTrack: 'yes',
        fastTrackReason: 'Needed before the next audit',
      });
      expect(decided.statusCode).toBe(303);
    }

    /** The open review clocks on the contract's deadlines page: their due dates and explanations. */
    async function reviewRows(agent: Awaited<ReturnType<typeof signIn>>['agent']) {
      const $ = parse((await agent.get(`/contracts/${c.contract.id}/deadlines`)).body);
      return $('table.custodian-deadlines tbody tr')
        .filter((_, tr) => $(tr).text().includes('Review the Security Management Plan in full'))
        .filter((_, tr) => $(tr).find('td').eq(4).text().trim() === 'Open')
        .map((_, tr) => $(tr).find('td').eq(3).text().replace(/\s+/g, ' ').trim())
        .get();
    }

    it('a fast-tracked change does not move it; a recorded review does, and the plan page says what it counts from', async () => {
      t.clock.set(new Date('2027-02-01T10:00:00Z'));
      const first = await signIn(t, c.rep.email);
      const client = first.agent;
      await fastTrackedRename(client, 'Head of security');
      expect((await t.services.smp.overview(c.contract.id)).inForce!.number).toBe(2);

      const due = await reviewRows(client);
      expect(due).toHaveLength(1);
      expect(due[0]).toContain('Tue 30 Nov 2027'); // still 12 Months after the first Approval, not after the rename
      let plan = pageText((await client.get(`/contracts/${c.contract.id}/smp`)).body);
      expect(plan).toContain(
        'The next full review (clause 4.4.1) is due by Tue 30 Nov 2027: 12 Months after the first Approval on Mon 30 Nov 2026.',
      );
      expect(plan).toContain('A change that takes effect through a Variation, fast-tracked or not, does not move it');

      t.clock.set(new Date('2027-03-01T10:00:00Z'));
      const agency = (await signIn(t, c.manager.email)).agent;
      await agency.get(`/contracts/${c.contract.id}/smp/reviews/new`);
      const reviewed = await agency.post(`/contracts/${c.contract.id}/smp/reviews/new`, {
        triggers: 'annual',
        improvements: 'None this year.',
        riskUpdates: 'No change to the risk assessments.',
        measurement: 'Keep the monthly reports.',
        changesNeeded: 'no',
      });
      expect(reviewed.statusCode).toBe(303);
      expect(await reviewRows(agency)).toEqual([expect.stringContaining('Wed 1 Mar 2028')]);
      plan = pageText((await agency.get(`/contracts/${c.contract.id}/smp`)).body);
      expect(plan).toContain(
        'The next full review (clause 4.4.1) is due by Wed 1 Mar 2028: 12 Months after the last full review on Mon 1 Mar 2027.',
      );

      // A second fast-tracked change after the review leaves the review's clock where it was.
      t.clock.set(new Date('2027-04-01T10:00:00Z'));
      const again = (await signIn(t, c.rep.email, { secret: first.secret })).agent;
      await fastTrackedRename(again, 'Chief security officer');
      expect((await t.services.smp.overview(c.contract.id)).inForce!.number).toBe(3);
      expect(await reviewRows(again)).toEqual([expect.stringContaining('Wed 1 Mar 2028')]);
    });
  });
}
