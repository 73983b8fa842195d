import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { entraSequence, oktaSequence } from '../../../test/support/scim-provider-sequences.ts';
import { injector, type Send } from '../../../test/support/scim-test-app.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { entra, okta } from '../../platform/scim/provider-requests.fixtures.ts';

const BASE = '/api/scim/v2';
const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * The identity provider feed through the real app: real API tokens scoped to a contract and a role,
 * the requests Entra ID and Okta document sending, and the person page the security manager reads.
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`the identity provider feed over SCIM (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect, { CUSTODIAN_PUBLIC_URL: 'https://custodian.example' });
    });
    afterAll(async () => t?.close());

    /** A contract, and a sender for an API token on it with `role`. */
    async function aFeed(role = 'agency-security-manager') {
      const c = await aContractWithLeads(t);
      const { secret } = await t.services.apiTokens.create(c.agencyActor, {
        name: 'Identity provider',
        contractId: c.contract.id,
        role,
        expiresOn: '2027-06-30',
      });
      const send = injector(t.app, secret);
      let manager: Awaited<ReturnType<typeof signIn>>['agent'] | undefined;
      /** The person page, as the security manager sees it, of the one person the provider fed. */
      const personPage = async (email: string) => {
        const person = (await t.services.personnel.list(c.contract.id)).find((p) => p.email === email.toLowerCase());
        manager ??= (await signIn(t, c.manager.email)).agent;
        const res = await manager.get(`/contracts/${c.contract.id}/personnel/${person!.id}`);
        expect(res.statusCode).toBe(200);
        return load(res.body)('main').text().replace(/\s+/g, ' ');
      };
      return { c, send, personPage };
    }

    const expectScimError = (res: Awaited<ReturnType<Send>>, status: number, scimType?: string) => {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(res.body).toMatchObject({ schemas: [SCIM_ERROR], status: String(status), ...(scimType && { scimType }) });
    };

    it('follows Entra ID: create, find by userName, disable with "False" — the person page shows them leaving', async () => {
      const { send, personPage } = await aFeed();
      const created = await send('POST', `${BASE}/Users`, entra.createUser);
      expect(created.status).toBe(201);
      const id = (created.body as { id: string }).id;
      const email = entra.createUser.emails[0].value;
      expect(await personPage(email)).toContain('Active');
      const found = await send(
        'GET',
        `${BASE}/Users?filter=${encodeURIComponent(entra.filterByUserName.toUpperCase())}`,
      );
      expect((found.body as { Resources: { id: string }[] }).Resources.map((u) => u.id)).toEqual([id]);
      const disabled = await send('PATCH', `${BASE}/Users/${id}`, entra.disableUserStringBoolean);
      expect(disabled.status).toBe(200);
      const page = await personPage(email);
      expect(page).toContain('Leaving (marked as leaving)');
      expect(page).toContain('givenName familyName');
      expect(page).toContain('Not given yet (the identity provider sent no title)');
    });

    it('runs Entra ID’s whole documented lifecycle, ending with DELETE: the person stays, leaving', async () => {
      const { c, send } = await aFeed();
      await entraSequence(send);
      const [person] = await t.services.personnel.list(c.contract.id);
      expect(person).toMatchObject({ email: 'updatedemail@microsoft.com', status: 'leaving' });
    });

    it('runs Okta’s documented lifecycle: PUT then PATCH active false — the person page shows them leaving', async () => {
      const { send, personPage } = await aFeed();
      await oktaSequence(send);
      const page = await personPage(okta.createUser.userName);
      expect(page).toContain('Another User');
      expect(page).toContain('Leaving (marked as leaving)');
    });

    it('keeps each token to its own contract, in the SCIM error format', async () => {
      const x = await aFeed();
      const y = await aFeed();
      const id = ((await x.send('POST', `${BASE}/Users`, okta.createUser)).body as { id: string }).id;
      expectScimError(await y.send('GET', `${BASE}/Users/${id}`), 404);
      expectScimError(await y.send('PATCH', `${BASE}/Users/${id}`, okta.deactivate), 404);
      expectScimError(await y.send('DELETE', `${BASE}/Users/${id}`), 404);
      expect((await y.send('GET', `${BASE}/Users?${okta.existsQuery}`)).body).toMatchObject({ totalResults: 0 });
      // The same person may be on both contracts' registers.
      expect((await y.send('POST', `${BASE}/Users`, okta.createUser)).status).toBe(201);
      expect((await t.services.personnel.list(x.c.contract.id))[0]!.status).toBe('active');
      // A role without the feed's permission is refused before anything is read.
      const viewer = await aFeed('client-viewer');
      expectScimError(await viewer.send('GET', `${BASE}/Users`), 403);
      expectScimError(await viewer.send('POST', `${BASE}/Users`, okta.createUser), 403);
    });

    it('answers bad input with SCIM errors, never a 500, and changes nothing', async () => {
      const { c, send } = await aFeed();
      expectScimError(await send('POST', `${BASE}/Users`, '{"userName": '), 400, 'invalidSyntax');
      expectScimError(await send('POST', `${BASE}/Users`, { userName: 'x@agency.example' }), 400, 'invalidSyntax');
      expectScimError(
        await send('POST', `${BASE}/Users`, { schemas: okta.createUser.schemas, userName: 'no-address' }),
        400,
        'invalidValue',
      );
      expectScimError(
        await send('POST', `${BASE}/Users`, { ...okta.createUser, displayName: 'x'.repeat(300) }),
        400,
        'invalidValue',
      );
      expectScimError(
        await send('GET', `${BASE}/Users?filter=${encodeURIComponent('title eq')}`),
        400,
        'invalidFilter',
      );
      expectScimError(await send('GET', `${BASE}/Users/%E0%A4%A`), 400, 'invalidSyntax');
      expect(await t.services.personnel.list(c.contract.id)).toEqual([]);
      const created = await send('POST', `${BASE}/Users`, okta.createUser);
      expectScimError(
        await send('POST', `${BASE}/Users`, { ...okta.createUser, userName: 'TEST.USER@okta.local' }),
        409,
        'uniqueness',
      );
      expectScimError(
        await send('PATCH', `${BASE}/Users/${(created.body as { id: string }).id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'active', value: 'maybe' }],
        }),
        400,
        'invalidValue',
      );
      expect((await t.services.personnel.list(c.contract.id))[0]!.status).toBe('active');
    });

    it('records each change in the audit log as the token’s, with sentences on the audit page', async () => {
      const { c, send } = await aFeed();
      const id = ((await send('POST', `${BASE}/Users`, okta.createUser)).body as { id: string }).id;
      await send('PATCH', `${BASE}/Users/${id}`, okta.deactivate);
      await send('GET', `${BASE}/Users/${id}`);
      await send('DELETE', `${BASE}/Users/${id}`);
      // Reads are recorded as for any API call, against the token's contract.
      await t.accessJournal.flush();
      const reads = (
        await t.services.audit.listRecent({ contractId: c.contract.id, action: 'http.request', limit: 20 })
      )
        .map((e) => JSON.parse(e.details) as { route: string; method: string })
        .filter((d) => d.method === 'GET');
      expect(reads.map((d) => d.route)).toEqual(['/api/scim/v2/Users/:scimUserId']);
      const events = (await t.services.audit.listRecent({ contractId: c.contract.id, limit: 20 }))
        .filter((e) => e.action.startsWith('person.'))
        .reverse();
      expect(events.map((e) => e.action)).toEqual([
        'person.create',
        'person.directory-link',
        'person.update',
        'person.directory-update',
        'person.directory-unlink',
      ]);
      const { agent } = await signIn(t, c.manager.email);
      const page = load((await agent.get(`/contracts/${c.contract.id}/audit`)).body)('main')
        .text()
        .replace(/\s+/g, ' ');
      expect(page).toContain(
        'Linked Test User on the Agency Staff register to the identity provider’s user “test.user@okta.local”',
      );
      expect(page).toContain('The identity provider deactivated Test User');
      expect(page).toContain('The identity provider deleted its user “test.user@okta.local”');
    });
  });
}
