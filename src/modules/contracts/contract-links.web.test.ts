import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { MODULES, PERMISSIONS } from '../../modules.ts';
import type { ContractRole } from '../../platform/auth/index.ts';

const system = { type: 'system' as const, name: 'test' };

/** The contract's page offers each module's pages about the contract to whoever may open them. */
for (const dialect of await dialectsUnderTest()) {
  describe(`the contract page's links to its modules (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function linksSeenBy(role: ContractRole) {
      const c = await aContract(t);
      const org = role.startsWith('agency') ? c.agency.id : c.client.id;
      const user = await aUser(t, org);
      await t.services.contracts.grant(system, c.contract.id, { userId: user.id, role });
      const { agent } = await signIn(t, user.email);
      const page = await agent.get(`/contracts/${c.contract.id}`);
      expect(page.statusCode).toBe(200);
      const $ = cheerio.load(page.body);
      return $(`a[href^="/contracts/${c.contract.id}/"]`)
        .map((_, a) => ({ text: $(a).clone().children().remove().end().text().trim(), href: $(a).attr('href') }))
        .get()
        .filter((l) => !l.href?.endsWith('/staff'));
    }

    /** What the manifests say a role should be offered, in their order. */
    const offeredTo = (role: ContractRole) =>
      MODULES.flatMap((m) => m.contractLinks ?? [])
        .sort((a, b) => a.order - b.order)
        .filter((l) => PERMISSIONS.rolesGrant([role], l.permission))
        .map((l) => l.title);

    it('shows the security manager every module page it may open, in order', async () => {
      const seen = (await linksSeenBy('agency-security-manager')).map((l) => l.text);
      expect(seen).toEqual(offeredTo('agency-security-manager'));
      expect(seen).toEqual(expect.arrayContaining(['Security Management Plan', 'Deadlines', 'Audit log', 'Webhooks']));
      expect(seen.slice(0, 2)).toEqual(['Security Management Plan', 'Deadlines']);
    });

    it('shows Agency staff and auditors only what their roles open', async () => {
      expect((await linksSeenBy('agency-staff')).map((l) => l.text)).toEqual(['Security Management Plan', 'Deadlines']);
      const auditor = (await linksSeenBy('auditor')).map((l) => l.text);
      expect(auditor).toEqual(offeredTo('auditor'));
      expect(auditor).toContain('Audit log');
      expect(auditor).not.toContain('Webhooks');
    });
  });
}
