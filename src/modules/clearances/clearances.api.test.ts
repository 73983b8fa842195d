import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const alice = {
  name: 'Alice Ng',
  email: 'alice@agency.example',
  employer: 'agency',
  jobTitle: 'Engineer',
  startDate: '2026-03-01',
};

for (const dialect of await dialectsUnderTest()) {
  describe(`clearances over the API (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function setUp() {
      const c = await aContractWithLeads(t);
      const person = await t.services.personnel.create(c.agencyActor, c.contract.id, alice);
      const admin = { type: 'user' as const, userId: c.manager.id, organisationId: c.agency.id, privileged: true };
      const tokens = new Map<string, string>();
      const call = async (role: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
        if (!tokens.has(role))
          tokens.set(
            role,
            (
              await t.services.apiTokens.create(admin, {
                name: `${role} token`,
                contractId: c.contract.id,
                role,
                expiresOn: '2027-06-30',
              })
            ).secret,
          );
        return t.app.inject({
          method,
          url: `/api/v1/contracts/${c.contract.id}${path}`,
          headers: {
            authorization: `Bearer ${tokens.get(role)}`,
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { payload: JSON.stringify(body) }),
        });
      };
      return { c, person, call, clearances: `/personnel/${person.id}/clearances` };
    }

    it('records, lists, renews and ends clearances for the security manager’s token; the Client’s reads them', async () => {
      const { call, clearances } = await setUp();
      const bad = await call('agency-security-manager', 'POST', clearances, { level: 'SC', grantedOn: '1 June 2026' });
      expect(bad.statusCode).toBe(422);
      expect(bad.json()).toMatchObject({
        error: {
          details: {
            fields: {
              sponsor: 'Enter the sponsor',
              grantedOn: 'Enter the date it was granted as a real date in the format 2026-03-27',
            },
          },
        },
      });
      const created = await call('agency-security-manager', 'POST', clearances, {
        level: 'DV',
        sponsor: 'MOD',
        grantedOn: '2026-06-01',
      });
      expect(created.statusCode).toBe(201);
      const id = (created.json() as { data: { id: string } }).data.id;
      expect(created.json()).toMatchObject({ data: { level: 'DV', expiresOn: '2033-06-01', status: 'active' } });
      expect((await call('client-representative', 'POST', clearances, { level: 'SC' })).statusCode).toBe(403);
      const list = await call('client-viewer', 'GET', clearances);
      expect(list.statusCode).toBe(200);
      expect((list.json() as { data: { id: string }[] }).data.map((x) => x.id)).toEqual([id]);
      const renewed = await call('agency-security-manager', 'POST', `${clearances}/${id}/renew`, {
        grantedOn: '2026-11-30',
      });
      expect(renewed.json()).toMatchObject({ data: { grantedOn: '2026-11-30', expiresOn: '2033-11-30', renewals: 1 } });
      const ended = await call('agency-security-manager', 'POST', `${clearances}/${id}/end`, {
        status: 'withdrawn',
        endedOn: '2026-11-30',
        reason: 'Withdrawn by the sponsor',
      });
      expect(ended.json()).toMatchObject({ data: { status: 'withdrawn' } });
      const again = await call('agency-security-manager', 'POST', `${clearances}/${id}/renew`, {
        grantedOn: '2026-11-30',
      });
      expect(again.statusCode).toBe(409);
      expect((await call('agency-security-manager', 'GET', `${clearances}/nope/x`)).statusCode).toBe(404);
      expect((await call('agency-security-manager', 'POST', `${clearances}/not-a-uuid/renew`, {})).statusCode).toBe(
        422,
      );
    });

    it('proposes roles for the Agency and lets the Client’s Representative decide them', async () => {
      const { call } = await setUp();
      const role = { title: 'Database administrator', description: 'Privileged access', level: 'SC' };
      const proposed = await call('agency-security-manager', 'POST', '/clearance-roles', role);
      expect(proposed.statusCode).toBe(201);
      const { id, hash } = (proposed.json() as { data: { id: string; hash: string } }).data;
      expect(
        (await call('agency-security-manager', 'POST', `/clearance-roles/${id}/agree`, { revision: 1 })).statusCode,
      ).toBe(403);
      const refused = await call('client-representative', 'POST', `/clearance-roles/${id}/refuse`, { revision: 1 });
      expect(refused.statusCode).toBe(422);
      const agreed = await call('client-representative', 'POST', `/clearance-roles/${id}/agree`, { revision: 1 });
      expect(agreed.json()).toMatchObject({ data: { status: 'agreed', agreed: { hash, record: { revision: 1 } } } });
      const changed = await call('agency-security-manager', 'PUT', `/clearance-roles/${id}`, { ...role, level: 'DV' });
      expect(changed.json()).toMatchObject({ data: { status: 'proposed', revision: 2, agreed: { hash } } });
      const list = await call('auditor', 'GET', '/clearance-roles');
      expect((list.json() as { data: { title: string }[] }).data.map((r) => r.title)).toEqual([
        'Database administrator',
      ]);
    });
  });
}
