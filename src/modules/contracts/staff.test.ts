import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/kernel/index.ts';
import { aContract, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const admin: Actor = { type: 'system', name: 'test' };
const tokenAdmin: Extract<Actor, { type: 'user' }> = {
  type: 'user',
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};

for (const dialect of await dialectsUnderTest()) {
  describe(`the Agency security manager runs the contract's staff list (${dialect})`, () => {
    let t: TestApp;
    let c: Awaited<ReturnType<typeof aContract>>;
    let manager: Awaited<ReturnType<typeof aUser>>;
    let clientPerson: Awaited<ReturnType<typeof aUser>>;
    let managerSecret: string | undefined;
    const signInManager = async () => {
      const session = await signIn(t, manager.email, { secret: managerSecret });
      managerSecret = session.secret;
      return session;
    };
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());
    // Each test has its own contract, security manager (not yet enrolled in MFA) and Client person.
    beforeEach(async () => {
      managerSecret = undefined;
      c = await aContract(t);
      manager = await aUser(t, c.agency.id, { displayName: 'Maya Manager' });
      clientPerson = await aUser(t, c.client.id, { displayName: 'Chris Client' });
      await t.services.contracts.grant(admin, c.contract.id, { userId: manager.id, role: 'agency-security-manager' });
    });

    it('gives the Agency staff role on its pages, and removing it ends access at once', async () => {
      const newcomer = await aUser(t, c.agency.id, { displayName: 'Nia Newcomer' });
      const { agent } = await signInManager();
      expect((await agent.get(`/contracts/${c.contract.id}`)).body).toContain(`/contracts/${c.contract.id}/staff`);
      const page = await agent.get(`/contracts/${c.contract.id}/staff`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Nia Newcomer');
      expect(page.body).not.toContain('Chris Client'); // only Agency people are offered
      const given = await agent.post(`/contracts/${c.contract.id}/staff`, { userId: newcomer.id });
      expect(given.statusCode).toBe(303);

      const staff = await signIn(t, newcomer.email);
      expect((await staff.agent.get(`/contracts/${c.contract.id}`)).statusCode).toBe(200);
      const membership = (await t.services.contracts.memberships(c.contract.id)).find((m) => m.userId === newcomer.id)!;
      await agent.get(`/contracts/${c.contract.id}/staff`);
      expect((await agent.post(`/contracts/${c.contract.id}/staff/${membership.id}/remove`, {})).statusCode).toBe(303);
      expect((await staff.agent.get(`/contracts/${c.contract.id}`)).statusCode).toBe(403);
      const events = await t.services.audit.listRecent({
        contractId: c.contract.id,
        action: 'membership.revoke',
        limit: 5,
      });
      expect(events[0]).toMatchObject({ actor_id: manager.id, privileged: 0 });
    });

    it('cannot give a Client role, nor the staff role to a Client person', async () => {
      const { agent } = await signInManager();
      await agent.get(`/contracts/${c.contract.id}/staff`);
      const wrongPerson = await agent.post(`/contracts/${c.contract.id}/staff`, { userId: clientPerson.id });
      expect(wrongPerson.statusCode).toBe(422);
      expect(wrongPerson.body).toContain('can only be given to a person from this contract’s agency organisation');
      const actor: Actor = { type: 'user', userId: manager.id, organisationId: c.agency.id, privileged: false };
      await expect(
        t.services.contracts.grant(actor, c.contract.id, { userId: clientPerson.id, role: 'client-viewer' }),
      ).rejects.toMatchObject({ status: 409, code: 'role_not_delegable' });
    });

    it('does the same through the API with a security manager’s token', async () => {
      const { secret } = await t.services.apiTokens.create(tokenAdmin, {
        name: 'HR leaver feed',
        contractId: c.contract.id,
        role: 'agency-security-manager',
        expiresOn: '2027-06-30',
      });
      const call = (method: 'POST' | 'DELETE', url: string, payload?: object) =>
        t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${secret}` } });
      const person = await aUser(t, c.agency.id, { displayName: 'Pat Person' });
      const url = `/api/v1/contracts/${c.contract.id}/memberships`;

      const created = await call('POST', url, { userId: person.id, role: 'agency-staff' });
      expect(created.statusCode).toBe(201);
      const id = created.json().data.id;
      expect(created.json().data).toMatchObject({ userId: person.id, role: 'agency-staff', contractId: c.contract.id });
      expect((await call('POST', url, { userId: person.id, role: 'agency-staff' })).statusCode).toBe(422); // already holds it
      expect((await call('POST', url, { userId: clientPerson.id, role: 'client-viewer' })).json().error.code).toBe(
        'role_not_delegable',
      );
      expect((await call('POST', url, { userId: 'nobody', role: 'agency-staff' })).statusCode).toBe(422);
      expect((await call('POST', url, { userId: person.id, role: 'overlord' })).statusCode).toBe(422);
      expect((await call('DELETE', `${url}/${id}`)).statusCode).toBe(204);
      expect((await call('DELETE', `${url}/${id}`)).statusCode).toBe(404);

      const viewer = await t.services.apiTokens.create(tokenAdmin, {
        name: 'viewer',
        contractId: c.contract.id,
        role: 'client-viewer',
        expiresOn: '2027-06-30',
      });
      const refused = await t.app.inject({
        method: 'POST',
        url,
        payload: { userId: person.id, role: 'agency-staff' },
        headers: { authorization: `Bearer ${viewer.secret}` },
      });
      expect(refused.statusCode).toBe(403);
    });
  });
}
