import { describe, expect, it } from 'vitest';
import { aContract, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { parse } from '../../../test/support/html.ts';
import { useTestApp } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/kernel/index.ts';

const admin = systemActor('test');

for (const dialect of await dialectsUnderTest()) {
  describe(`plain-English advice on the version page (${dialect})`, () => {
    const app = useTestApp(dialect);

    it('says each suggestion once and does not call a short plain sentence hard to read', async () => {
      const t = app();
      const c = await aContract(t);
      const manager = await aUser(t, c.agency.id);
      await t.services.contracts.grant(admin, c.contract.id, { userId: manager.id, role: 'agency-security-manager' });
      const { agent } = await signIn(t, manager.email);
      const versionPath = (await agent.post(`/contracts/${c.contract.id}/smp/draft`, {})).headers.location as string;
      const saved = await agent.post(`${versionPath}/sections/measures`, {
        heading: 'Security measures and procedures',
        markdown:
          'We check the utilisation of every laptop each month. The information security manager approves every change.',
        action: 'save',
      });
      expect(saved.statusCode).toBe(303);
      const $ = parse((await agent.get(versionPath)).body);
      const findings = $('details li')
        .map((_, el) => $(el).text().replace(/\s+/g, ' ').trim())
        .get();
      const advice = findings.find((f) => f.includes('utilisation'));
      expect(advice).toContain('Try “use” instead of “utilisation”.');
      // The suggestion is in the message already: the page must not say it a second time.
      expect(advice!.match(/Try/g)).toHaveLength(1);
      // An 8-word sentence of everyday words is not hard to read, whatever a formula says.
      expect(findings.filter((f) => f.includes('The information security manager approves every change'))).toEqual([]);
    });
  });
}
