import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, aUser } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { describeScimUserStore } from '../../../test/support/scim-store-contract.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/kernel/index.ts';
import { parseScimFilter, type DirectoryUserData, type ScimTokenCaller } from '../../platform/scim/index.ts';

/** A contract with its security manager, and the caller an API token with that role would be. */
async function aTenant(t: TestApp): Promise<ScimTokenCaller & { c: Awaited<ReturnType<typeof aContractWithLeads>> }> {
  const c = await aContractWithLeads(t);
  const { token } = await t.services.apiTokens.create(c.agencyActor, {
    name: 'Entra ID provisioning',
    contractId: c.contract.id,
    role: 'agency-security-manager',
    expiresOn: '2027-06-30',
  });
  return {
    c,
    contractId: c.contract.id,
    actor: { type: 'token', tokenId: token.id, contractId: c.contract.id, role: 'agency-security-manager' },
  };
}

const grace: DirectoryUserData = {
  userName: 'Grace.Hopper@Agency.example',
  externalId: 'f1e2d3c4',
  givenName: 'Grace',
  familyName: 'Hopper',
  email: 'Grace.Hopper@Agency.example',
  title: 'Platform engineer',
  active: true,
};

for (const dialect of await dialectsUnderTest()) {
  describe(`the register's SCIM directory (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    describeScimUserStore(`the personnel SCIM store (${dialect})`, async () => ({
      store: t.services.personnel.scim,
      tenant: await aTenant(t),
      otherTenant: await aTenant(t),
    }));

    const events = async (contractId: string) =>
      (await t.services.audit.listRecent({ contractId, limit: 50 }))
        .filter((e) => e.action.startsWith('person.'))
        .map((e) => ({
          action: e.action,
          actor: e.actor_id,
          details: JSON.parse(e.details) as Record<string, unknown>,
        }))
        .reverse();

    it('adds the person, makes them leaving when deactivated or deleted, and never deletes them', async () => {
      const tenant = await aTenant(t);
      const { scim, ...people } = t.services.personnel;
      const user = await scim.create(tenant, grace);
      const [person] = await people.list(tenant.contractId);
      expect(person).toMatchObject({
        name: 'Grace Hopper',
        email: 'grace.hopper@agency.example',
        subcontractor: null,
        jobTitle: 'Platform engineer',
        externalId: 'f1e2d3c4',
        startDate: '2026-11-30',
        status: 'active',
      });
      // A repeated `active: true` leaves the security manager's own mark alone.
      await people.update(tenant.c.agencyActor, tenant.contractId, person!.id, {
        ...person,
        employer: 'agency',
        subcontractor: undefined,
        leaving: true,
      });
      await scim.replace(tenant, user.id, { ...grace, department: 'Platform' });
      expect((await people.get(tenant.contractId, person!.id)).status).toBe('leaving');
      await people.update(tenant.c.agencyActor, tenant.contractId, person!.id, {
        ...person,
        employer: 'agency',
        subcontractor: undefined,
        leaving: false,
      });

      await scim.replace(tenant, user.id, { ...grace, organization: 'Acme Cloud Ltd', active: false });
      expect(await people.get(tenant.contractId, person!.id)).toMatchObject({
        status: 'leaving',
        subcontractor: 'Acme Cloud Ltd',
      });
      await scim.replace(tenant, user.id, { ...grace, organization: tenant.c.agency.name, active: true });
      expect(await people.get(tenant.contractId, person!.id)).toMatchObject({ status: 'active', subcontractor: null });

      expect(await scim.delete(tenant, user.id)).toBe(true);
      expect(await people.get(tenant.contractId, person!.id)).toMatchObject({
        status: 'leaving',
        name: 'Grace Hopper',
      });
      const log = await events(tenant.contractId);
      expect(log.map((e) => e.action)).toEqual([
        'person.create',
        'person.directory-link',
        'person.update',
        'person.directory-update',
        'person.update',
        'person.update',
        'person.directory-update',
        'person.update',
        'person.directory-update',
        'person.update',
        'person.directory-unlink',
      ]);
      expect(
        log.filter((e) => e.action.startsWith('person.directory')).every((e) => e.actor === tenant.actor.tokenId),
      ).toBe(true);
      expect(log[6]!.details).toMatchObject({ before: { active: true }, after: { active: false } });
    });

    it('takes over the person a CSV import listed with the same work email, keeping what SCIM does not say', async () => {
      const tenant = await aTenant(t);
      const { scim, ...people } = t.services.personnel;
      const listed = await people.create(tenant.c.agencyActor, tenant.contractId, {
        name: 'Grace B. Hopper',
        email: 'grace.hopper@agency.example',
        employer: 'subcontractor',
        subcontractor: 'Acme Cloud Ltd',
        jobTitle: 'Administrator',
        startDate: '2026-03-01',
      });
      const user = await scim.create(tenant, { userName: 'GRACE.HOPPER@agency.example', active: true });
      expect(await people.list(tenant.contractId)).toHaveLength(1);
      expect(await people.get(tenant.contractId, listed.id)).toMatchObject({
        name: 'Grace B. Hopper',
        subcontractor: 'Acme Cloud Ltd',
        jobTitle: 'Administrator',
        startDate: '2026-03-01',
      });
      // The same person cannot be fed by two users, nor two people share an employee ID.
      await expect(scim.create(tenant, { ...grace, userName: 'someone-else' })).rejects.toMatchObject({ status: 409 });
      await expect(
        scim.create(tenant, { userName: 'ada@agency.example', employeeNumber: 'E1', active: true }),
      ).resolves.toBeDefined();
      await expect(
        scim.replace(tenant, user.id, { userName: user.userName, employeeNumber: 'E1', active: true }),
      ).rejects.toMatchObject({ status: 409, scimType: 'uniqueness' });
    });

    it('makes a leaver leaving even when their Custodian account has already left the contract', async () => {
      const tenant = await aTenant(t);
      const { scim, ...people } = t.services.personnel;
      const account = await aUser(t, tenant.c.agency.id, { email: 'grace.hopper@agency.example' });
      const role = await t.services.contracts.grant(systemActor('test'), tenant.contractId, {
        userId: account.id,
        role: 'agency-staff',
      });
      const user = await scim.create(tenant, grace);
      const [person] = await people.list(tenant.contractId);
      await people.update(tenant.c.agencyActor, tenant.contractId, person!.id, {
        ...person,
        employer: 'agency',
        subcontractor: undefined,
        userId: account.id,
      });
      await t.services.contracts.revoke(systemActor('test'), tenant.contractId, role.id);
      await scim.replace(tenant, user.id, { ...grace, active: false });
      expect(await people.get(tenant.contractId, person!.id)).toMatchObject({ status: 'leaving', userId: account.id });
      // A new link is still checked.
      await expect(
        people.update(tenant.c.agencyActor, tenant.contractId, person!.id, {
          ...person,
          employer: 'agency',
          subcontractor: undefined,
          userId: tenant.c.manager.id,
        }),
      ).resolves.toMatchObject({ userId: tenant.c.manager.id });
    });

    it('tells the later of two requests racing for one userName 409, whichever check catches it', async () => {
      const tenant = await aTenant(t);
      const { scim } = t.services.personnel;
      const results = await Promise.allSettled([
        scim.create(tenant, { ...grace, email: 'one@agency.example', employeeNumber: 'R1' }),
        scim.create(tenant, { ...grace, email: 'two@agency.example', employeeNumber: 'R2' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409 } });
      expect(await t.services.personnel.list(tenant.contractId)).toHaveLength(1);
    });

    it('refuses a user with no work email, and one the register rules refuse, changing nothing', async () => {
      const tenant = await aTenant(t);
      const { scim, ...people } = t.services.personnel;
      await expect(scim.create(tenant, { userName: 'not-an-address', active: true })).rejects.toMatchObject({
        status: 400,
        scimType: 'invalidValue',
      });
      await expect(scim.create(tenant, { ...grace, displayName: 'x'.repeat(201) })).rejects.toMatchObject({
        status: 422,
      });
      expect(await people.list(tenant.contractId)).toEqual([]);
      expect((await scim.list(tenant, { startIndex: 1, count: 10 })).totalResults).toBe(0);
    });

    it('matches userName ignoring case beyond ASCII, and treats % and _ in a value literally', async () => {
      const tenant = await aTenant(t);
      const { scim } = t.services.personnel;
      const zoe = await scim.create(tenant, { ...grace, userName: 'ZOË@agency.example', email: 'zoe@agency.example' });
      await scim.create(tenant, { userName: 'a_b%c', email: 'abc@agency.example', active: true });
      const found = async (text: string) =>
        (await scim.list(tenant, { filter: parseScimFilter(text), startIndex: 1, count: 10 })).resources.map(
          (u) => u.userName,
        );
      expect(await found('userName eq "zoë@AGENCY.example"')).toEqual([zoe.userName]);
      expect(await found('userName co "_b%"')).toEqual(['a_b%c']);
      expect(await found('userName sw "a%"')).toEqual([]);
      expect(await found('externalId sw "f1E"')).toEqual([]);
      expect(await found('externalId ew "d3c4" and externalId co "2d3"')).toEqual([zoe.userName]);
    });
  });
}
