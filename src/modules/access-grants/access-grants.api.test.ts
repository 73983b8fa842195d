import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`access grants over the API (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('records a grant with an exception, lets the Client agree it, and answers bad input with 4xx, never 500', async () => {
      const c = await aContractWithLeads(t);
      const admin = { type: 'user' as const, userId: c.manager.id, organisationId: c.agency.id, privileged: true };
      const tokens = new Map<string, string>();
      const call = async (role: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
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
      const p = await t.services.personnel.create(c.agencyActor, c.contract.id, {
        name: 'Bob Jones',
        email: 'bob@agency.example',
        employer: 'agency',
        jobTitle: 'Engineer',
        startDate: '2026-03-01',
      });
      const sys = await t.services.systems.create(c.agencyActor, c.contract.id, {
        name: 'CRM',
        owner: 'IT',
        hosting: 'AWS',
        holdsGovernmentData: 'yes',
        privileged: 'no',
        clearance: 'none',
        notes: '',
      });
      const body = { personId: p.id, systemId: sys.id, level: 'standard', reason: 'Support', grantedOn: '2026-11-02' };
      const refused = await call('agency-security-manager', 'POST', '/access-grants', body);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.details.fields.exceptionReason).toContain(
        'missing: identity, unspent criminal convictions, right to work',
      );
      for (const bad of [
        {},
        { ...body, level: 'root' },
        { ...body, grantedOn: '2026-02-30' },
        { ...body, personId: 'x' },
      ])
        expect([400, 422]).toContain((await call('agency-security-manager', 'POST', '/access-grants', bad)).statusCode);
      expect((await call('client-viewer', 'POST', '/access-grants', body)).statusCode).toBe(403);

      const made = await call('agency-security-manager', 'POST', '/access-grants', {
        ...body,
        exceptionReason: 'Urgent',
      });
      expect(made.statusCode).toBe(201);
      expect(made.json().data).toMatchObject({ personName: 'Bob Jones', status: 'current', source: 'api' });
      const exceptions = (await call('client-viewer', 'GET', '/access-exceptions')).json().data;
      expect(exceptions).toHaveLength(1);
      const agreement = `/access-exceptions/${exceptions[0].id}/agreement`;
      expect(
        (await call('agency-security-manager', 'POST', agreement, { until: '2027-01-31', why: 'x' })).statusCode,
      ).toBe(403);
      expect((await call('client-representative', 'POST', agreement, { until: 'soon', why: '' })).statusCode).toBe(422);
      const agreed = await call('client-representative', 'POST', agreement, { until: '2027-01-31', why: 'DBS due' });
      expect(agreed.json().data).toMatchObject({ status: 'agreed', agreedUntil: '2027-01-31' });

      const id = made.json().data.id;
      expect((await call('agency-security-manager', 'POST', `/access-grants/${id}/not-needed`)).statusCode).toBe(409);
      const revoked = await call('agency-security-manager', 'POST', `/access-grants/${id}/revocation`, {
        revokedOn: '2026-11-30',
        revokedBy: 'IT',
        method: 'Disabled',
        evidenceRef: 'T-1',
      });
      expect(revoked.json().data).toMatchObject({ status: 'revoked', revocation: { evidenceRef: 'T-1' } });
      expect((await call('auditor', 'GET', `/access-grants?personId=${p.id}`)).json().data).toHaveLength(1);
      const csv = await call('agency-security-manager', 'POST', '/access-grants/imports', { csv: 'nonsense' });
      expect(csv.statusCode).toBe(201);
      expect(csv.json().data.canApply).toBe(false);
      expect(
        (await call('agency-security-manager', 'POST', `/access-grants/imports/${csv.json().data.id}/apply`))
          .statusCode,
      ).toBe(409);
    });
  });
}
