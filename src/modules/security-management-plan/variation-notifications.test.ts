import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { anApprovedFirstPlan, aSubmittedVariation } from '../../../test/support/smp-plans.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`notifications about a plan version name its Variation (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    const told = (contractId: string, kind: string) =>
      t.db.db
        .selectFrom('notifications')
        .select(['subject', 'body_text'])
        .where('contract_id', '=', contractId)
        .where('kind', '=', kind)
        .orderBy('created_at')
        .execute();

    it('calls the first plan "version 1" and a revision of the plan in force "Variation 1 (version 2)"', async () => {
      const c = await aContractWithLeads(t);
      await anApprovedFirstPlan(t, c);
      const [first] = await told(c.contract.id, 'smp.submitted');
      expect(first!.subject).toContain('Security Management Plan version 1 submitted');
      expect(first!.subject).not.toContain('Variation');

      const v2 = await aSubmittedVariation(t, c);
      const submitted = (await told(c.contract.id, 'smp.submitted')).at(-1)!;
      expect(submitted.subject).toContain('Security Management Plan Variation 1 (version 2) submitted for Approval');
      expect(submitted.body_text).toContain('submitted Variation 1 (version 2) of the Security Management Plan');
      expect(submitted.body_text).toContain('Cloud backups');

      await t.services.smp.decide(c.clientActor, c.contract.id, v2.id, {
        decision: 'not-approved',
        contentHash: v2.content_hash,
        reasons: [{ text: 'Not enough detail', clause: '4.2.1(e)' }],
      });
      const refused = (await told(c.contract.id, 'smp.refused')).at(-1)!;
      expect(refused.subject).toContain('Security Management Plan Variation 1 (version 2) not Approved');
      expect(refused.body_text).toContain('did not Approve Variation 1 (version 2)');
    });
  });
}
