import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/kernel/index.ts';
import { aContract, anOrganisation, aUser } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const admin = systemAdminActor();
function systemAdminActor(): Extract<Actor, { type: 'user' }> {
  return {
    type: 'user',
    userId: '00000000-0000-7000-8000-000000000001',
    organisationId: '00000000-0000-7000-8000-000000000002',
    privileged: true,
  };
}

for (const dialect of await dialectsUnderTest()) {
  describe(`JSON API for contracts, organisations and users (${dialect})`, () => {
    let t: TestApp;
    let a: Awaited<ReturnType<typeof aContract>>;
    let b: Awaited<ReturnType<typeof aContract>>;
    let oversight: Awaited<ReturnType<typeof anOrganisation>>;
    let staff: Awaited<ReturnType<typeof aUser>>;
    let outsider: Awaited<ReturnType<typeof aUser>>;
    const tokens: Record<'auditorA' | 'viewerA' | 'auditorB', string> = { auditorA: '', viewerA: '', auditorB: '' };

    const get = (url: string, token?: string) =>
      t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const token = async (contractId: string, role: string) =>
      (await t.services.apiTokens.create(admin, { name: role, contractId, role, expiresOn: '2027-06-30' })).secret;

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      oversight = await anOrganisation(t, 'oversight');
      a = await aContract(t, { oversightOrganisationId: oversight.id, oversightMayEnforce: 'yes' });
      b = await aContract(t);
      staff = await aUser(t, a.agency.id, { displayName: 'Sam Staff' });
      outsider = await aUser(t, b.agency.id, { displayName: 'Olly Outsider' });
      await t.services.contracts.grant(admin, a.contract.id, { userId: staff.id, role: 'agency-staff' });
      await t.services.contracts.grant(admin, b.contract.id, { userId: outsider.id, role: 'agency-staff' });
      tokens.auditorA = await token(a.contract.id, 'auditor');
      tokens.viewerA = await token(a.contract.id, 'client-viewer');
      tokens.auditorB = await token(b.contract.id, 'auditor');
    });
    afterAll(async () => t?.close());

    it('reads the token’s contract and the roles on it', async () => {
      const list = await get('/api/v1/contracts', tokens.auditorA);
      expect(list.statusCode).toBe(200);
      expect(list.headers['content-type']).toContain('application/json');
      expect(list.json().data.map((c: { id: string }) => c.id)).toEqual([a.contract.id]);
      expect((await get(`/api/v1/contracts/${a.contract.id}`, tokens.auditorA)).json().data).toEqual(a.contract);
      const members = (await get(`/api/v1/contracts/${a.contract.id}/memberships`, tokens.auditorA)).json().data;
      expect(members).toEqual([
        expect.objectContaining({ contractId: a.contract.id, userId: staff.id, role: 'agency-staff' }),
      ]);
    });

    it('reads only the parties to the token’s contract', async () => {
      const orgs = (await get('/api/v1/organisations', tokens.viewerA)).json().data.map((o: { id: string }) => o.id);
      expect(orgs.sort()).toEqual([a.agency.id, a.client.id, oversight.id].sort());
      expect((await get(`/api/v1/organisations/${a.client.id}`, tokens.viewerA)).json().data).toMatchObject({
        id: a.client.id,
        kind: 'client',
      });
      const other = await get(`/api/v1/organisations/${b.agency.id}`, tokens.viewerA);
      expect(other.statusCode).toBe(404);
      expect(other.json().error.code).toBe('not_found');
    });

    it('reads only the people with a role on the token’s contract, and never their secrets', async () => {
      const users = await get('/api/v1/users', tokens.auditorA);
      expect(users.statusCode).toBe(200);
      expect(users.json().data.map((u: { id: string }) => u.id)).toEqual([staff.id]);
      expect(Object.keys(users.json().data[0]).sort()).toEqual([
        'createdAt',
        'displayName',
        'email',
        'id',
        'isSystemAdmin',
        'mfaEnrolled',
        'organisationId',
        'status',
        'updatedAt',
      ]);
      expect(users.body).not.toMatch(/password|totp|hash/i);
      expect((await get(`/api/v1/users/${staff.id}`, tokens.auditorA)).json().data.displayName).toBe('Sam Staff');
      expect((await get(`/api/v1/users/${outsider.id}`, tokens.auditorA)).statusCode).toBe(404);
    });

    it('refuses another contract’s addresses with 403', async () => {
      for (const url of [`/api/v1/contracts/${b.contract.id}`, `/api/v1/contracts/${b.contract.id}/memberships`]) {
        const res = await get(url, tokens.auditorA);
        expect(res.statusCode, url).toBe(403);
        expect(res.json().error.code).toBe('forbidden');
      }
      expect((await get(`/api/v1/contracts/${b.contract.id}`, tokens.auditorB)).statusCode).toBe(200);
    });

    it('refuses members and people to a role that may not see them', async () => {
      for (const url of [
        `/api/v1/contracts/${a.contract.id}/memberships`,
        '/api/v1/users',
        `/api/v1/users/${staff.id}`,
      ]) {
        const res = await get(url, tokens.viewerA);
        expect(res.statusCode, url).toBe(403);
        expect(res.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
      }
      expect((await get(`/api/v1/contracts/${a.contract.id}`, tokens.viewerA)).statusCode).toBe(200);
    });

    it('answers a malformed id with 422, not 500', async () => {
      for (const url of [
        '/api/v1/organisations/not-a-uuid',
        '/api/v1/users/123',
        `/api/v1/users/${staff.id}x`,
        '/api/v1/contracts/not-a-uuid',
      ]) {
        const res = await get(url, tokens.auditorA);
        expect(res.statusCode, url).toBe(422);
        const body = res.json();
        expect(body.error).toMatchObject({
          code: 'validation_failed',
          message: expect.any(String),
          details: { in: 'params' },
        });
        expect(body.error.details.issues[0].path).toMatch(/^\/(organisationId|userId|contractId)$/);
      }
    });

    it('answers without a valid token with 401 JSON', async () => {
      for (const header of [undefined, 'cus_not-a-real-token-at-all', 'Basic abc']) {
        const res = await t.app.inject({
          method: 'GET',
          url: '/api/v1/contracts',
          headers: header ? { authorization: header.startsWith('Basic') ? header : `Bearer ${header}` } : {},
        });
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toContain('Bearer');
        expect(res.json().error.code).toBe('unauthenticated');
      }
    });

    it('answers unknown addresses with 404 JSON and wrong methods with 405 JSON', async () => {
      const missing = await get('/api/v1/nothing-here', tokens.auditorA);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('not_found');
      const wrong = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/contracts/${a.contract.id}`,
        headers: { authorization: `Bearer ${tokens.auditorA}` },
      });
      expect(wrong.statusCode).toBe(405);
      expect(wrong.headers.allow).toBe('GET');
      expect(wrong.json().error.code).toBe('method_not_allowed');
    });
  });
}
