import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`security training over the API (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function setUp() {
      const c = await aContractWithLeads(t);
      const admin = { type: 'user' as const, userId: c.manager.id, organisationId: c.agency.id, privileged: true };
      const ann = await t.services.personnel.create(c.agencyActor, c.contract.id, {
        name: 'Ann Ng',
        email: 'ann@agency.example',
        employer: 'agency',
        jobTitle: 'Engineer',
        startDate: '2025-01-06',
      });
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
      return { c, ann, call };
    }

    it('records completions, gives counts and standings, and evidence only to the Agency security manager', async () => {
      const { ann, call } = await setUp();
      const courses = (await call('client-viewer', 'GET', '/training/courses')).json().data;
      expect(courses).toMatchObject([
        { name: 'Secure information management', recurrenceMonths: 12, people: 1, counts: { 'not-done': 1 } },
      ]);
      const courseId = courses[0].id as string;
      const bad = await call('agency-security-manager', 'POST', `/personnel/${ann.id}/training`, {
        courseId,
        completedOn: '2026/06/01',
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().error.details.fields).toMatchObject({ evidenceRef: 'Enter where the evidence is held' });
      const ok = await call('agency-security-manager', 'POST', `/personnel/${ann.id}/training`, {
        courseId,
        completedOn: '2026-06-01',
        evidenceRef: 'Certificate 7',
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().data).toMatchObject({
        courseId,
        completedOn: '2026-06-01',
        evidenceRef: 'Certificate 7',
        source: 'api',
      });
      expect(
        (await call('client-representative', 'POST', `/personnel/${ann.id}/training`, { courseId })).statusCode,
      ).toBe(403);
      const people = (await call('auditor', 'GET', `/training/courses/${courseId}/people`)).json().data;
      expect(people).toEqual([
        {
          personId: ann.id,
          name: 'Ann Ng',
          jobTitle: 'Engineer',
          lastCompleted: '2026-06-01',
          nextDue: '2027-06-01',
          status: 'current',
        },
      ]);
      const forClient = (await call('client-representative', 'GET', `/personnel/${ann.id}/training`)).json().data;
      expect(forClient[0].completions[0]).not.toHaveProperty('evidenceRef');
      const forAgency = await call('agency-security-manager', 'GET', `/personnel/${ann.id}/training`);
      expect(forAgency.json().data[0].completions[0]).not.toHaveProperty('evidenceRef');
      const evidence = await call('agency-security-manager', 'GET', `/personnel/${ann.id}/training/evidence`);
      expect(evidence.json().data[0].completions[0].evidenceRef).toBe('Certificate 7');
      expect((await call('client-representative', 'GET', `/personnel/${ann.id}/training/evidence`)).statusCode).toBe(
        403,
      );
    });

    it('takes the Client’s agreement from the Client’s Representative only, and imports a CSV', async () => {
      const { call } = await setUp();
      const courseId = (await call('client-viewer', 'GET', '/training/courses')).json().data[0].id as string;
      const agreement = { agreedByName: 'Jo Client', agreedOn: '2026-11-01', months: 24, reason: 'Low-risk contract' };
      expect(
        (await call('agency-security-manager', 'PUT', `/training/courses/${courseId}/recurrence`, agreement))
          .statusCode,
      ).toBe(403);
      const agreed = await call('client-representative', 'PUT', `/training/courses/${courseId}/recurrence`, agreement);
      expect(agreed.statusCode).toBe(200);
      expect(agreed.json().data).toMatchObject({
        recurrenceMonths: 24,
        agreement: { agreedByName: 'Jo Client', months: 24 },
      });
      const preview = await call('agency-security-manager', 'POST', '/training/imports', {
        csv: 'Email,Course,Completion date\nann@agency.example,Secure information management,1 Jun 2026\nbob@x.example,Secure information management,2026-06-01\n',
      });
      expect(preview.statusCode).toBe(201);
      expect(preview.json().data).toMatchObject({ canApply: false, rows: 2, errors: [{ line: 3 }] });
      const refused = await call(
        'agency-security-manager',
        'POST',
        `/training/imports/${preview.json().data.id}/apply`,
      );
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('training_import_has_errors');
      const clean = await call('agency-security-manager', 'POST', '/training/imports', {
        csv: 'Email,Course,Completion date\nann@agency.example,Secure information management,1 Jun 2026\n',
      });
      const applied = await call('agency-security-manager', 'POST', `/training/imports/${clean.json().data.id}/apply`);
      expect(applied.statusCode).toBe(201);
      expect(applied.json().data).toEqual({ fileName: 'completions.csv', added: 1, unchanged: 0 });
    });
  });
}
