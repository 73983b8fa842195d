import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract, anAdmin, aUser } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

// Spellings of /api/v1/contracts/:id that the router decodes to that route (or that name no route at all).
const spellings = (id: string) => [
  `/api/v1/contracts/${id}`,
  `/%61pi/v1/contracts/${id}`,
  `/%61%70%69/v1/contracts/${id}`,
  `/api/%76%31/contracts/${id}`,
  `/a%70i/v1/%63ontracts/${id}`,
  `/%41PI/v1/contracts/${id}`,
  `//api/v1/contracts/${id}`,
  `/api//v1/contracts/${id}`,
  `http://custodian.test/api/v1/contracts/${id}`,
  `http://custodian.test/%61pi/v1/contracts/${id}`,
];

for (const dialect of await dialectsUnderTest()) {
  describe(`the API is bearer-only however its path is spelled (${dialect})`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof anAdmin>>;
    let c: Awaited<ReturnType<typeof aContract>>;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      admin = await anAdmin(t);
      c = await aContract(t);
    });
    afterAll(async () => t?.close());

    it('answers a session cookie on any spelling of an API path with 401 (or 404), never with data', async () => {
      // The same session reads the contract's page: only the API refuses it.
      const page = await admin.agent.get(`/contracts/${c.contract.id}`);
      expect(page.statusCode).toBe(200);
      for (const url of spellings(c.contract.id)) {
        const res = await t.app.inject({ method: 'GET', url, headers: { cookie: admin.agent.cookieHeader } });
        expect([401, 404], url).toContain(res.statusCode);
        expect(res.headers['content-type'], url).toContain('application/json');
        expect(res.json(), url).not.toHaveProperty('data');
        if (res.statusCode === 401) expect(res.headers['www-authenticate'], url).toBe('Bearer realm="custodian"');
      }
    });

    it('refuses a write to the API on the cookie (where CSRF checks do not apply), and grants nothing', async () => {
      const someone = await aUser(t, c.agency.id);
      for (const url of [
        `/%61pi/v1/contracts/${c.contract.id}/memberships`,
        `/api/v1/contracts/${c.contract.id}/memberships`,
      ]) {
        const post = await t.app.inject({
          method: 'POST',
          url,
          headers: { cookie: admin.agent.cookieHeader },
          payload: { userId: someone.id, role: 'agency-staff' },
        });
        expect(post.statusCode, url).toBe(401);
      }
      expect(await t.services.contracts.rolesOn(someone.id, c.contract.id)).toEqual([]);
    });
  });
}
