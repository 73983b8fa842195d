import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { parse } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { submitComplete } from './fixtures/submit-complete.ts';

/**
 * "Change" on a check-your-answers page goes back to the form with what was typed: a Client's
 * Representative who wrote three reasons for a refusal must not find them gone.
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`Change on the check of a decision keeps the answers (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('posts the typed reasons back to the decision form, filled in, at the decision', async () => {
      const c = await aContractWithLeads(t);
      const sent = await submitComplete(t, c, '2026-12-01');
      const client = (await signIn(t, c.rep.email)).agent;
      const path = `/contracts/${c.contract.id}/smp/versions/${sent.id}`;
      await client.get(path);
      const answers = {
        decision: 'not-approved',
        contentHash: sent.content_hash!,
        'reason-0': 'The backups are not tested',
        'clause-0': '4.2.1(e)',
        fails42: 'yes',
      };
      const check = parse((await client.post(`${path}/decision/check`, answers)).body);
      const change = check('button[form="check-change"]').first();
      expect(change.text().replace(/\s+/g, ' ').trim()).toBe('Change decision');
      expect(change.attr('formaction')).toBe(`${path}/decision/change#your-decision`);
      const carried = Object.fromEntries(
        check('#check-change input[type="hidden"]')
          .toArray()
          .map((el) => [check(el).attr('name')!, check(el).attr('value')!])
          .filter(([name]) => name !== '_csrf'),
      );
      expect(carried).toEqual(answers);

      const back = await client.post(`${path}/decision/change`, carried);
      expect(back.statusCode).toBe(200);
      const form = parse(back.body);
      expect(form('#reason-0').text()).toBe('The backups are not tested');
      expect(form('#clause-0').attr('value')).toBe('4.2.1(e)');
      expect(form('input[name="decision"][value="not-approved"]').attr('checked')).toBeDefined();
      expect(form('input[name="fails42"][value="yes"]').attr('checked')).toBeDefined();
      // Nothing was decided on the way.
      expect((await t.services.smp.version(c.contract.id, sent.id)).status).toBe('submitted');
    });
  });
}
