import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, aUser } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ValidationError } from '../../platform/kernel/index.ts';

/** Clause 4.2.1(b): the people a plan delegates roles to are the Agency's people on the contract. */
for (const dialect of await dialectsUnderTest()) {
  describe(`the plan's delegated roles, whoever sends them (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('offers and accepts only the Agency’s people on the contract, and names each refused row', async () => {
      const c = await aContractWithLeads(t);
      const outsider = await aUser(t, c.agency.id); // of the Agency, but holds no role on this contract
      const { versions } = await t.services.smp.overview(c.contract.id);
      const draft = versions[0]!;
      expect((await t.services.smp.rolePeople(c.contract.id)).map((u) => u.id)).toEqual([c.manager.id]);

      const refused = await t.services.smp
        .saveLists(c.agencyActor, c.contract.id, draft.id, {
          roles: [
            { role: 'Security manager', userId: c.manager.id },
            { role: 'Approver', userId: c.rep.id },
            { role: '', userId: c.manager.id },
            { role: 'Helper', userId: outsider.id },
            { role: '', userId: '' },
          ],
          thirdParties: [{ name: '', access: 'Print servers', riskProcess: '' }],
        })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).fields).toEqual({
        'roles.1.userId': 'Select a person from the Agency for “Approver”',
        'roles.2.role': 'Enter the role for row 3',
        'roles.3.userId': 'Select a person from the Agency for “Helper”',
        'thirdParties.0.name': 'Enter the name of third party 1',
      });
      expect((await t.services.smp.version(c.contract.id, draft.id)).content.roles).toEqual([]);

      await t.services.smp.saveLists(c.agencyActor, c.contract.id, draft.id, {
        roles: [{ role: 'Security manager', userId: c.manager.id }],
        thirdParties: [],
      });
      expect((await t.services.smp.version(c.contract.id, draft.id)).content.roles).toEqual([
        { role: 'Security manager', userId: c.manager.id },
      ]);
    });
  });
}
