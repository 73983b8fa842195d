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
  describe(`the Agency Staff register over the API (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function setUp() {
      const c = await aContractWithLeads(t);
      const admin = { type: 'user' as const, userId: c.manager.id, organisationId: c.agency.id, privileged: true };
      const tokens = new Map<string, string>();
      const call = async (role: string, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => {
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
          url: `/api/v1/contracts/${c.contract.id}/personnel${path}`,
          headers: {
            authorization: `Bearer ${tokens.get(role)}`,
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { payload: JSON.stringify(body) }),
        });
      };
      return { c, call };
    }

    it('adds, changes, lists and gets people for the security manager’s token', async () => {
      const { c, call } = await setUp();
      const created = await call('agency-security-manager', 'POST', '', { ...alice, externalId: 'E1' });
      expect(created.statusCode).toBe(201);
      const id = (created.json() as { data: { id: string } }).data.id;
      expect(created.json()).toEqual({
        data: expect.objectContaining({
          name: 'Alice Ng',
          employer: c.agency.name,
          subcontractor: null,
          status: 'active',
          externalId: 'E1',
          checks: { complete: false, missing: ['identity', 'criminal-record', 'right-to-work'] },
        }),
      });
      const patched = await call('agency-security-manager', 'PATCH', `/${id}`, { endDate: '2026-12-31' });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({
        data: { endDate: '2026-12-31', status: 'leaving', jobTitle: 'Engineer', externalId: 'E1' },
      });
      const bad = await call('agency-security-manager', 'POST', '', { ...alice, email: 'ALICE@agency.example' });
      expect(bad.statusCode).toBe(422);
      expect(bad.json()).toMatchObject({
        error: {
          code: 'validation_failed',
          details: { fields: { email: 'This contract already lists someone with this work email' } },
        },
      });
      expect((await call('agency-security-manager', 'POST', '', {})).statusCode).toBe(422);
      const list = await call('auditor', 'GET', '?status=leaving');
      expect((list.json() as { data: { name: string }[] }).data.map((p) => p.name)).toEqual(['Alice Ng']);
      expect(((await call('auditor', 'GET', '?status=joining')).json() as { data: unknown[] }).data).toEqual([]);
      expect((await call('auditor', 'GET', '?status=nonsense')).statusCode).toBe(422);
    });

    it('gives check records to the security manager’s token only; every other role gets complete or what is missing', async () => {
      const { c, call } = await setUp();
      const p = await t.services.personnel.create(c.agencyActor, c.contract.id, alice);
      await t.services.personnel.checks.record(c.agencyActor, c.contract.id, p.id, 'criminal-record', {
        outcome: 'not-passed',
        checkedOn: '2026-02-20',
        checkedBy: 'HR team',
        method: 'basic-dbs',
        evidenceRef: 'Workday case 7',
      });
      const manager = await call('agency-security-manager', 'GET', `/${p.id}/checks`);
      expect(manager.json()).toEqual({
        data: [expect.objectContaining({ kind: 'criminal-record', outcome: 'not-passed', method: 'basic-dbs' })],
      });
      for (const role of ['client-representative', 'client-viewer', 'oversight-viewer', 'auditor']) {
        const res = await call(role, 'GET', `/${p.id}`);
        expect(res.statusCode, role).toBe(200);
        expect((await call(role, 'GET', `/${p.id}/checks`)).statusCode, role).toBe(403);
        expect(res.body, role).not.toMatch(/not-passed|basic-dbs|Workday|HR team/);
        expect((res.json() as { data: { checks: unknown } }).data.checks).toEqual({
          complete: false,
          missing: ['identity', 'criminal-record', 'right-to-work'],
        });
        expect((await call(role, 'PATCH', `/${p.id}`, { name: 'X' })).statusCode, role).toBe(403);
      }
      expect((await call('agency-staff', 'GET', '')).statusCode).toBe(403);
    });

    it('previews and applies a CSV import, refusing what the file gets wrong', async () => {
      const { c, call } = await setUp();
      const csv = [
        'Full name,Work email,Job title,Start date',
        'Ann,ann@agency.example,Eng,1 March 2026',
        'Ben,ben@agency.example,Eng,2026-01-01',
      ].join('\n');
      const preview = await call('agency-security-manager', 'POST', '/imports', { fileName: 'hr.csv', csv });
      expect(preview.statusCode).toBe(201);
      const data = (
        preview.json() as { data: { id: string; canApply: boolean; added: unknown[]; dateFormats: unknown } }
      ).data;
      expect(data).toMatchObject({ canApply: true, dateFormats: { 'D MMMM YYYY': 1 } });
      expect(data.added).toHaveLength(2);
      const applied = await call('agency-security-manager', 'POST', `/imports/${data.id}/apply`, {});
      expect(applied.statusCode).toBe(201);
      expect(applied.json()).toEqual({ data: { fileName: 'hr.csv', added: 2, changed: 0, unchanged: 0 } });
      expect(await t.services.personnel.list(c.contract.id)).toHaveLength(2);

      const wrong = await call('agency-security-manager', 'POST', '/imports', { csv: 'Who,What\na,b' });
      const w = (wrong.json() as { data: { id: string; canApply: boolean; fileErrors: string[] } }).data;
      expect(w.canApply).toBe(false);
      expect(w.fileErrors[0]).toContain('The columns expected are');
      const refused = await call('agency-security-manager', 'POST', `/imports/${w.id}/apply`, {});
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ error: { code: 'personnel_import_has_errors' } });
      expect((await call('agency-security-manager', 'POST', '/imports', { csv: '' })).statusCode).toBe(422);
      expect((await call('auditor', 'POST', '/imports', { csv })).statusCode).toBe(403);
    });
  });
}
