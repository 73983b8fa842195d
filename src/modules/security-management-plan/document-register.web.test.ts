import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, heading, pageText, parse } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { REQUIRED_SECTIONS } from './smp-content.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};
const SENTENCE = 'The security manager reviews every account with access to Government Data each month.';

for (const dialect of await dialectsUnderTest()) {
  describe(`the register of documents and submitting with open findings, through the pages (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function people() {
      const c = await aContract(t);
      const manager = await aUser(t, c.agency.id);
      const rep = await aUser(t, c.client.id);
      await t.services.contracts.grant(admin, c.contract.id, { userId: manager.id, role: 'agency-security-manager' });
      await t.services.contracts.grant(admin, c.contract.id, { userId: rep.id, role: 'client-representative' });
      return {
        c,
        manager,
        agency: (await signIn(t, manager.email)).agent,
        client: (await signIn(t, rep.email)).agent,
        register: `/contracts/${c.contract.id}/smp/documents`,
      };
    }
    /** A draft, complete but for what `markdown` says in the measures section. */
    async function aDraft(p: Awaited<ReturnType<typeof people>>, measures: string) {
      const versionPath = (await p.agency.post(`/contracts/${p.c.contract.id}/smp/draft`, {})).headers
        .location as string;
      for (const s of REQUIRED_SECTIONS)
        await p.agency.post(`${versionPath}/sections/${s.key}`, {
          heading: s.heading,
          markdown: s.key === 'measures' ? measures : SENTENCE,
          action: 'save',
        });
      await p.agency.post(`${versionPath}/lists`, { 'role-0': 'Security manager', 'person-0': p.manager.id });
      return versionPath;
    }

    it('asks whether both parties hold a copy with nothing preselected, and the Client confirms or disputes it', async () => {
      const p = await people();
      const page = await p.agency.get(p.register);
      expect(parse(page.body)('input[name="bothPartiesHold"]:checked')).toHaveLength(0);
      const unanswered = await p.agency.post(p.register, {
        title: 'Incident procedure',
        version: '3',
        owner: 'Agency',
        location: 'Shelf 2',
      });
      expect(unanswered.statusCode).toBe(422);
      expect(errorSummary(unanswered.body)).toEqual(['Select yes if both parties hold a copy']);
      expect(parse(unanswered.body)('input[name="bothPartiesHold"]:checked')).toHaveLength(0);
      expect(
        (
          await p.agency.post(p.register, {
            title: 'Incident procedure',
            version: '3',
            owner: 'Agency',
            location: 'Shelf 2',
            bothPartiesHold: 'yes',
          })
        ).statusCode,
      ).toBe(303);
      const [doc] = await t.services.smp.register.list(p.c.contract.id);
      expect(pageText((await p.agency.get(p.register)).body)).toContain(
        'Yes, the Agency says (the Client has not answered)',
      );
      // Only the Client's Representative answers.
      expect((await p.agency.get(`${p.register}/${doc!.id}/answer`)).statusCode).toBe(403);
      const form = await p.client.get(`${p.register}/${doc!.id}/answer`);
      expect(heading(form.body)).toBe('Does the Client hold a copy of “Incident procedure”?');
      const noReason = await p.client.post(`${p.register}/${doc!.id}/answer`, { holds: 'no' });
      expect(noReason.statusCode).toBe(422);
      expect(errorSummary(noReason.body)).toEqual(['Say why the Client does not hold a copy']);
      expect(
        (await p.client.post(`${p.register}/${doc!.id}/answer`, { holds: 'no', reason: 'We hold version 2 only' }))
          .statusCode,
      ).toBe(303);
      for (const agent of [p.agency, p.client]) {
        const text = pageText((await agent.get(p.register)).body);
        expect(text).toContain('No: the Client disputes holding a copy');
        expect(text).toContain('Why: We hold version 2 only');
        expect(text).toContain('No: not both parties hold it, and it has no web address');
      }
    });

    it('removes a document only through a confirmation page that warns when the plan in force refers to it', async () => {
      const p = await people();
      await p.agency.post(p.register, {
        title: 'Incident procedure',
        version: '3',
        owner: 'Agency',
        location: 'https://docs.example.test/incident',
        bothPartiesHold: 'no',
      });
      const [doc] = await t.services.smp.register.list(p.c.contract.id);
      const removePath = `${p.register}/${doc!.id}/remove`;
      const unused = await p.agency.get(removePath);
      expect(heading(unused.body)).toBe('Are you sure you want to remove “Incident procedure”?');
      expect(pageText(unused.body)).toContain('No current version of the plan refers to it.');

      const versionPath = await aDraft(p, `${SENTENCE} Incidents follow the [[doc: Incident procedure]].`);
      expect((await p.agency.post(`${versionPath}/submit`, {})).statusCode).toBe(303);
      const v = await t.services.smp.version(p.c.contract.id, versionPath.split('/').at(-1)!);
      await p.client.post(`${versionPath}/decision`, { decision: 'approved', contentHash: v.content_hash! });

      // A bare POST (the old button, a script) is sent to the confirmation page and removes nothing.
      const bare = await p.agency.post(removePath, {});
      expect(bare.statusCode).toBe(303);
      expect(bare.headers.location).toBe(removePath);
      expect(await t.services.smp.register.list(p.c.contract.id)).toHaveLength(1);
      const warned = pageText((await p.agency.get(removePath)).body);
      expect(warned).toContain('The plan in force, version 1, refers to this document.');
      expect(warned).toContain('Yes, remove it although the plan in force refers to it');
      const removed = await p.agency.post(removePath, { confirm: 'yes' });
      expect(removed.statusCode).toBe(303);
      expect(await t.services.smp.register.list(p.c.contract.id)).toEqual([]);
      // The version keeps the entry it was submitted with.
      const shown = pageText((await p.client.get(versionPath)).body);
      expect(shown).toContain(
        'Incident procedure 3 Agency https://docs.example.test/incident No: only the Agency holds it',
      );
    });

    it('lets the Agency submit with open findings it confirms, and shows them to the Client beside the plan', async () => {
      const p = await people();
      const versionPath = await aDraft(p, `${SENTENCE} Incidents follow the [[doc: Unregistered]].`);
      await p.agency.post(`${versionPath}/sections/transition`, {
        heading: 'Transition plans',
        markdown: 'TBC',
        action: 'save',
      });
      const page = await p.agency.get(versionPath);
      const $ = parse(page.body);
      expect($('input[name="confirmOpenFindings"]').attr('value')).toBe('2');
      // Check your answers lists the findings and its button confirms them.
      const check = parse((await p.agency.post(`${versionPath}/submit/check`, { confirmOpenFindings: '2' })).body);
      expect(check('main form button').text().trim()).toBe('Submit with 2 open findings');
      expect(check('input[name="confirmOpenFindings"]').attr('value')).toBe('2');

      // The findings changed after the page was read: nothing is submitted, and the page says why.
      const stale = await p.agency.post(`${versionPath}/submit`, { confirmOpenFindings: '1' });
      expect(stale.statusCode).toBe(303);
      expect(pageText((await p.agency.get(versionPath)).body)).toContain(
        'The open findings changed since you read them: version 1 now has 2 open findings, not 1.',
      );
      expect((await p.agency.post(`${versionPath}/submit`, { confirmOpenFindings: '2' })).statusCode).toBe(303);
      for (const agent of [p.client, p.agency]) {
        const text = pageText((await agent.get(versionPath)).body);
        expect(text).toContain('Submitted with 2 open findings:');
        expect(text).toContain('Section (f) (transition plans) still has placeholder text');
        expect(text).toContain('which is not in the register of documents the parties hold (clause 4.2.1(g))');
      }
      // Once Approved, the plan in force carries them on the plan's page too.
      const v = await t.services.smp.version(p.c.contract.id, versionPath.split('/').at(-1)!);
      await p.client.post(`${versionPath}/decision`, { decision: 'approved', contentHash: v.content_hash! });
      expect(pageText((await p.agency.get(`/contracts/${p.c.contract.id}/smp`)).body)).toContain(
        'Submitted with 2 open findings:',
      );
    });
  });
}
