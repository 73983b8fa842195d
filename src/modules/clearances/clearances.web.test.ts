import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, flashText, pageText, parse } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const system = { type: 'system' as const, name: 'test' };
const alice = {
  name: 'Alice Ng',
  email: 'alice@agency.example',
  employer: 'agency',
  jobTitle: 'Platform engineer',
  startDate: '2026-03-01',
};
const date = (name: string, d: string, m: string, y: string) => ({
  [`${name}-day`]: d,
  [`${name}-month`]: m,
  [`${name}-year`]: y,
});

for (const dialect of await dialectsUnderTest()) {
  describe(`clearance pages (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function parties() {
      const c = await aContractWithLeads(t);
      const viewer = await aUser(t, c.client.id);
      await t.services.contracts.grant(system, c.contract.id, { userId: viewer.id, role: 'client-viewer' });
      const person = await t.services.personnel.create(c.agencyActor, c.contract.id, alice);
      return {
        c,
        person,
        personUrl: `/contracts/${c.contract.id}/personnel/${person.id}`,
        catalogue: `/contracts/${c.contract.id}/clearances`,
        manager: (await signIn(t, c.manager.email)).agent,
        rep: (await signIn(t, c.rep.email)).agent,
        viewer: (await signIn(t, viewer.email)).agent,
      };
    }

    it('lets the security manager record, renew and end a clearance from the person page; the Client reads it', async () => {
      const { c, person, personUrl, manager, rep } = await parties();
      const $person = parse((await manager.get(personUrl)).body);
      expect($person('#clearances').text()).toBe('Clearances');
      expect(pageText((await manager.get(personUrl)).body)).toContain('No clearance is recorded');
      const $form = parse((await manager.get(`${personUrl}/clearances/new`)).body);
      expect($form('input[name="level"]').length).toBe(9);
      expect($form('details').text()).toContain('United Kingdom Security Vetting');

      const bad = await manager.post(`${personUrl}/clearances`, {
        sponsor: 'Home Office',
        ...date('grantedOn', '31', '2', '2026'),
        ...date('expiresOn', '1', '', ''),
      });
      expect(bad.statusCode).toBe(422);
      expect(errorSummary(bad.body)).toEqual([
        'Select the clearance level',
        'The date it was granted must be a real date',
        'Enter the review or expiry date in the format 27 3 2026',
      ]);
      expect(parse(bad.body)('input[name="sponsor"]').val()).toBe('Home Office');

      const added = await manager.post(`${personUrl}/clearances`, {
        level: 'SC',
        sponsor: 'Home Office',
        ...date('grantedOn', '1', '6', '2026'),
        ...date('expiresOn', '', '', ''),
      });
      expect(added.statusCode).toBe(303);
      const page = await manager.follow(added);
      expect(flashText(page.body)).toContain('The SC clearance of Alice Ng was recorded');
      const [held] = await t.services.clearances.ofPerson(c.contract.id, person.id);
      const row = parse(page.body)(`#clearance-${held!.id} td`)
        .map((_, td) => parse(page.body)(td).text().replace(/\s+/g, ' ').trim())
        .get();
      expect(row.slice(0, 5)).toEqual(['SC (Security Check)', 'Home Office', '1 June 2026', '1 June 2033', 'Active']);

      // The Client's Representative reads it, without the actions.
      const repPage = await rep.get(personUrl);
      expect(pageText(repPage.body)).toContain('SC (Security Check)');
      expect(parse(repPage.body)(`a[href="${personUrl}/clearances/new"]`).length).toBe(0);
      expect((await rep.get(`${personUrl}/clearances/new`)).statusCode).toBe(403);

      const renewed = await manager.post(`${personUrl}/clearances/${held!.id}/renew`, {
        ...date('grantedOn', '30', '11', '2026'),
        ...date('expiresOn', '30', '11', '2031'),
      });
      expect(renewed.statusCode).toBe(303);
      expect((await t.services.clearances.get(c.contract.id, person.id, held!.id)).expiresOn).toBe('2031-11-30');

      const noReason = await manager.post(`${personUrl}/clearances/${held!.id}/end`, {
        status: 'lapsed',
        ...date('endedOn', '30', '11', '2026'),
        reason: '',
      });
      expect(noReason.statusCode).toBe(422);
      expect(errorSummary(noReason.body)).toEqual(['Enter why']);
      expect(parse(noReason.body)('input[name="status"][value="lapsed"]').is(':checked')).toBe(true);
      const ended = await manager.post(`${personUrl}/clearances/${held!.id}/end`, {
        status: 'lapsed',
        ...date('endedOn', '30', '11', '2026'),
        reason: 'Left the sponsor',
      });
      expect(ended.statusCode).toBe(303);
      expect(pageText((await manager.follow(ended)).body)).toContain('Lapsed On 30 November 2026: Left the sponsor');
      expect((await manager.get(`${personUrl}/clearances/0190a0a0-0000-7000-8000-00000000beef/renew`)).statusCode).toBe(
        404,
      );
      const $audit = parse((await rep.get(`/contracts/${c.contract.id}/audit`)).body);
      const said = $audit('table.govuk-table tbody tr td[data-label="What happened"]')
        .map((_, td) => $audit(td).text().replace(/\s+/g, ' ').trim())
        .get();
      expect(said).toEqual(
        expect.arrayContaining([
          'Recorded SC clearance of Alice Ng, to be reviewed or renewed by 1 June 2033',
          'Recorded the renewal of the SC clearance of Alice Ng',
          'Recorded the SC clearance of Alice Ng as lapsed',
        ]),
      );
    });

    it('lets the Agency propose a role and the Client’s Representative refuse it with a reason, then agree a change', async () => {
      const { c, catalogue, personUrl, manager, rep, viewer } = await parties();
      const bad = await manager.post(`${catalogue}/roles`, { title: '', description: '' });
      expect(bad.statusCode).toBe(422);
      expect(errorSummary(bad.body)).toEqual([
        'Enter the role',
        'Enter what the role does and why it needs the clearance',
        'Select the clearance the role needs',
      ]);
      const proposed = await manager.post(`${catalogue}/roles`, {
        title: 'System administrator',
        description: 'Privileged access to systems holding Government Data',
        level: 'SC',
      });
      expect(proposed.statusCode).toBe(303);
      const roleUrl = String(proposed.headers.location);
      const $viewer = parse((await viewer.get(roleUrl)).body);
      expect($viewer('#decide').length).toBe(0);
      expect($viewer('#proposal-hash').text()).toMatch(/^[0-9a-f]{64}$/);
      expect((await manager.post(`${roleUrl}/agree`, { revision: '1' })).statusCode).toBe(403);

      const noReason = await rep.post(`${roleUrl}/refuse`, { revision: '1', reason: '' });
      expect(noReason.statusCode).toBe(422);
      expect(errorSummary(noReason.body)).toEqual(['Enter why the Client refuses it']);
      expect((await rep.post(`${roleUrl}/refuse`, { revision: '1', reason: 'DV is needed' })).statusCode).toBe(303);
      expect(pageText((await rep.get(roleUrl)).body)).toContain('DV is needed');

      const changed = await manager.post(roleUrl, {
        title: 'System administrator',
        description: 'Privileged access to systems holding Government Data',
        level: 'DV',
      });
      expect(changed.statusCode).toBe(303);
      const $rep = parse((await rep.get(roleUrl)).body);
      const hash = $rep('#proposal-hash').text();
      expect($rep('#decide').text()).toBe('Your decision');
      expect((await rep.post(`${roleUrl}/agree`, { revision: '1' })).statusCode).toBe(409);
      const agreed = await rep.post(`${roleUrl}/agree`, { revision: '2' });
      expect(agreed.statusCode).toBe(303);
      const $agreed = parse((await rep.follow(agreed)).body);
      expect($agreed('#agreed-hash').text()).toBe(hash);
      expect(flashText($agreed.html())).toContain(`SHA-256 ${hash.slice(0, 12)}`);

      const list = pageText((await viewer.get(catalogue)).body);
      expect(list).toContain('System administrator');
      expect(list).toContain('Agreed by the Client');

      // The manager assigns the role from the person page.
      const roleId = roleUrl.split('/').at(-1)!;
      expect((await manager.post(`${personUrl}/clearance-roles`, { roleId })).statusCode).toBe(303);
      expect(
        parse((await rep.get(personUrl)).body)('#clearance-roles + ul li')
          .text()
          .replace(/\s+/g, ' ')
          .trim(),
      ).toBe('System administrator: needs DV (Developed Vetting) (Agreed by the Client)');
      expect((await manager.post(`${personUrl}/clearance-roles`, { roleId: 'nope' })).statusCode).toBe(303);
      expect((await manager.post(`${personUrl}/clearance-roles/${roleId}/remove`, {})).statusCode).toBe(303);
      expect(pageText((await rep.get(roleUrl)).body)).toContain('Nobody is assigned this role');

      // The audit page tells the story in words, naming the person and the role, with no ids.
      const $audit = parse((await rep.get(`/contracts/${c.contract.id}/audit`)).body);
      const said = $audit('table.govuk-table tbody tr td[data-label="What happened"]')
        .map((_, td) => $audit(td).text().replace(/\s+/g, ' ').trim())
        .get();
      expect(said).toEqual(
        expect.arrayContaining([
          'Proposed the role “System administrator” as needing clearance',
          'Refused the role “System administrator” as proposed (revision 1)',
          'Proposed a change to the role “System administrator” that needs clearance: level',
          'Agreed the role “System administrator” as needing clearance (revision 2)',
          'Gave Alice Ng the role “System administrator”',
          'Took the role “System administrator” from Alice Ng',
        ]),
      );
    });

    it('sets and resets the contract’s period of a level, saying where each figure comes from', async () => {
      const { catalogue, manager, viewer } = await parties();
      const $list = parse((await viewer.get(catalogue)).body);
      expect($list('#periods').length).toBe(1);
      expect(pageText($list.html())).toContain('7 years for non-List X contractors');
      expect($list(`a[href="${catalogue}/periods/SC"]`).length).toBe(0);
      const bad = await manager.post(`${catalogue}/periods/SC`, { years: '40', basis: '' });
      expect(bad.statusCode).toBe(422);
      expect(errorSummary(bad.body)).toEqual([
        'Enter a whole number of years from 1 to 20',
        'Enter where the contract’s figure comes from',
      ]);
      expect((await manager.get(`${catalogue}/periods/XX`)).statusCode).toBe(404);
      const set = await manager.post(`${catalogue}/periods/SC`, { years: '5', basis: 'Client letter of 2 March 2026' });
      expect(set.statusCode).toBe(303);
      expect(pageText((await manager.follow(set)).body)).toContain(
        'Set on this contract: Client letter of 2 March 2026',
      );
      expect((await manager.post(`${catalogue}/periods/SC/reset`, {})).statusCode).toBe(303);
      expect(pageText((await viewer.get(catalogue)).body)).not.toContain('Set on this contract');
    });
  });
}
