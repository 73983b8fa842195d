import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/kernel/index.ts';
import { aContract, aContractWithLeads, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { parse } from '../../../test/support/html.ts';
import { aCompleteDraft } from '../../../test/support/smp-plans.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

/** The "Waiting for you" cell of a contract's row on the contracts list. */
const waitingOn = (html: string, orderReference: string) => {
  const $ = parse(html);
  const row = $('table.govuk-table tbody tr')
    .toArray()
    .find((tr) => $(tr).find('td').first().text().trim() === orderReference);
  return row ? $(row).find('td').last().text().replace(/\s+/g, ' ').trim() : undefined;
};

for (const dialect of await dialectsUnderTest()) {
  describe(`the contracts list shows what awaits the signed-in person (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('shows the Client’s Representative the version to decide on and the clock it runs on; others nothing', async () => {
      const c = await aContractWithLeads(t);
      const quiet = await aContract(t, { clientOrganisationId: c.client.id });
      const lead = await aUser(t, quiet.agency.id);
      await t.services.contracts.grant(systemActor('test'), quiet.contract.id, {
        userId: lead.id,
        role: 'agency-security-manager',
      });
      const v = await aCompleteDraft(t, c);
      await t.services.smp.submit(c.agencyActor, c.contract.id, v.id);
      // The rep also represents a second contract, where nothing has been submitted and no clock is theirs.
      await t.services.contracts.grant(systemActor('test'), quiet.contract.id, {
        userId: c.rep.id,
        role: 'client-representative',
      });
      const auditor = await aUser(t, c.client.id);
      await t.services.contracts.grant(systemActor('test'), c.contract.id, { userId: auditor.id, role: 'auditor' });

      const rep = (await signIn(t, c.rep.email)).agent;
      const list = await rep.get('/contracts');
      expect(list.statusCode).toBe(200);
      const waiting = waitingOn(list.body, c.contract.orderReference);
      // The task and the Client's decision clock (clause 4.3.3) are one item: the task's words, the clock's date.
      expect(waiting).toContain('Decide on version 1 of the Security Management Plan, due ');
      expect(waiting).not.toContain('The Client’s decision on version 1');
      expect(waiting).toContain('Approval process: 15 Working Day target (joint) (Version 1), due 21 December 2026');
      expect(parse(list.body)(`a[href="/contracts/${c.contract.id}/smp/versions/${v.id}"]`).length).toBe(1);
      expect(waitingOn(list.body, quiet.contract.orderReference)).toBe('Nothing waiting for you');

      const theirs = (await signIn(t, auditor.email)).agent;
      expect(waitingOn((await theirs.get('/contracts')).body, c.contract.orderReference)).toBe(
        'Nothing waiting for you',
      );
      // The Agency's lead owes the other contract its plan: that clock is theirs, not the Client's.
      const manager = (await signIn(t, lead.email)).agent;
      const owed = waitingOn((await manager.get('/contracts')).body, quiet.contract.orderReference);
      expect(owed).toMatch(/, due \d{1,2} [A-Z][a-z]+ 2026/);
      expect(owed).not.toContain('Decide on');
    });
  });
}
