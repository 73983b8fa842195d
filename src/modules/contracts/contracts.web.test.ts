import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../modules.ts';
import { CONTRACT_ROLES, ROLE_ORGANISATION_KINDS, type ContractRole } from '../../platform/auth/index.ts';
import { systemActor } from '../../platform/kernel/index.ts';
import { aContract, anAdmin, anOrganisation, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, inputValue } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const system = systemActor('contracts-web-test');

for (const dialect of await dialectsUnderTest()) {
  describe(`contract pages (${dialect})`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof anAdmin>>;
    let agencyId: string;
    let clientId: string;
    let otherClientId: string;
    let n = 0;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      admin = await anAdmin(t);
      agencyId = (await anOrganisation(t, 'agency')).id;
      clientId = (await anOrganisation(t, 'client')).id;
      otherClientId = (await anOrganisation(t, 'client')).id;
    });
    afterAll(async () => t?.close());

    const reference = () => `CCS/${dialect}/${++n}`;
    const form = (overrides: Record<string, string> = {}) => ({
      orderReference: reference(),
      title: 'Managed print service',
      'startDate-day': '27',
      'startDate-month': '3',
      'startDate-year': '2026',
      agencyOrganisationId: agencyId,
      clientOrganisationId: clientId,
      clientRepresentativeUserId: '',
      oversightOrganisationId: '',
      securityPolicyApplies: 'no',
      oversightMayEnforce: 'no',
      notes: '',
      ...overrides,
    });
    async function add(overrides: Record<string, string> = {}) {
      await admin.agent.get('/admin/contracts/new');
      return admin.agent.post('/admin/contracts', form(overrides));
    }
    const idFrom = (location: unknown) => /^\/contracts\/([0-9a-f-]{36})$/.exec(String(location))?.[1];

    it('adds a contract from the GOV.UK date input and shows it', async () => {
      const res = await add({ orderReference: 'CCCS22A10', title: 'Print & post' });
      expect(res.statusCode).toBe(303);
      const id = idFrom(res.headers.location)!;
      const contract = await t.services.contracts.get(id);
      expect(contract).toMatchObject({
        orderReference: 'CCCS22A10',
        title: 'Print & post',
        startDate: '2026-03-27',
        agencyOrganisationId: agencyId,
        clientOrganisationId: clientId,
      });
      const page = await admin.agent.follow(res);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('27 March 2026');
      expect(page.body).toContain('Print &amp; post');
    });

    it.each([
      [{ 'startDate-day': 'x' }, 'Enter the Start Date in the format 27 3 2026'],
      [{ 'startDate-year': '26' }, 'Enter the Start Date in the format 27 3 2026'],
      [{ 'startDate-day': '31', 'startDate-month': '2' }, 'The Start Date must be a real date'],
      [{ 'startDate-day': '', 'startDate-month': '', 'startDate-year': '' }, 'Enter the Start Date'],
    ])('refuses a bad Start Date %o with a GOV.UK message and keeps every input', async (dates, message) => {
      const values = form(dates);
      await admin.agent.get('/admin/contracts/new');
      const res = await admin.agent.post('/admin/contracts', values);
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toEqual([message]);
      expect(res.body).toContain('href="#startDate-day"');
      for (const name of ['startDate-day', 'startDate-month', 'startDate-year', 'orderReference', 'title'])
        expect(inputValue(res.body, name), name).toBe(values[name as keyof typeof values]);
      expect(
        (
          await t.services.contracts.listVisibleTo({ ...admin.user, organisationKind: 'agency', isSystemAdmin: true })
        ).map((c) => c.orderReference),
      ).not.toContain(values.orderReference);
    });

    it('refuses a duplicate order reference with a message', async () => {
      const orderReference = reference();
      expect((await add({ orderReference })).statusCode).toBe(303);
      const res = await add({ orderReference, title: 'Another' });
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toEqual(['A contract with this order reference already exists']);
      expect(inputValue(res.body, 'title')).toBe('Another');
    });

    it("names only a Client user as the Client's Representative, and gives them the role automatically", async () => {
      const agencyPerson = await aUser(t, agencyId);
      const otherClientPerson = await aUser(t, otherClientId);
      const message = "Select a person from the Client organisation as the Client's Representative";
      for (const wrong of [agencyPerson, otherClientPerson]) {
        const res = await add({ clientRepresentativeUserId: wrong.id });
        expect(res.statusCode).toBe(422);
        expect(errorSummary(res.body)).toEqual([message]);
      }
      const rep = await aUser(t, clientId, { displayName: 'Rita Representative' });
      const res = await add({ clientRepresentativeUserId: rep.id });
      expect(res.statusCode).toBe(303);
      const id = idFrom(res.headers.location)!;
      expect((await t.services.contracts.memberships(id)).map((m) => [m.userId, m.role])).toEqual([
        [rep.id, 'client-representative'],
      ]);
      expect(await t.services.contracts.rolesOn(rep.id, id)).toEqual(['client-representative']);

      // Naming a new representative later gives them the role too; the agency can never be named.
      const next = await aUser(t, clientId);
      await admin.agent.get(`/admin/contracts/${id}/edit`);
      const edit = form({ clientRepresentativeUserId: next.id });
      expect((await admin.agent.post(`/admin/contracts/${id}`, edit)).statusCode).toBe(303);
      expect(await t.services.contracts.rolesOn(next.id, id)).toEqual(['client-representative']);
      const bad = await admin.agent.post(
        `/admin/contracts/${id}`,
        form({ clientRepresentativeUserId: agencyPerson.id }),
      );
      expect(bad.statusCode).toBe(422);
      expect(errorSummary(bad.body)).toEqual([message]);
      expect(await t.services.contracts.rolesOn(agencyPerson.id, id)).toEqual([]);
    });

    it('gives each role only to a person of the contract’s party of the right kind', async () => {
      const oversight = await anOrganisation(t, 'oversight');
      const { contract, agency, client } = await aContract(t, {
        oversightOrganisationId: oversight.id,
        oversightMayEnforce: 'yes',
      });
      const outsiderAgency = await anOrganisation(t, 'agency');
      const people = {
        agency: await aUser(t, agency.id),
        client: await aUser(t, client.id),
        oversight: await aUser(t, oversight.id),
        'another agency': await aUser(t, outsiderAgency.id),
      };
      const kindOf = {
        agency: 'agency',
        client: 'client',
        oversight: 'oversight',
        'another agency': 'agency',
      } as const;
      const outcomes: string[] = [];
      for (const [who, person] of Object.entries(people) as [keyof typeof people, (typeof people)['agency']][]) {
        for (const role of CONTRACT_ROLES) {
          await admin.agent.get(`/admin/contracts/${contract.id}/members`);
          const res = await admin.agent.post(`/admin/contracts/${contract.id}/members`, { userId: person.id, role });
          const shouldWork = who !== 'another agency' && ROLE_ORGANISATION_KINDS[role].includes(kindOf[who]);
          outcomes.push(`${who} ${role}: ${res.statusCode}`);
          expect(res.statusCode, `${who} as ${role}`).toBe(shouldWork ? 303 : 422);
          if (!shouldWork)
            expect(errorSummary(res.body).join(' ')).toContain('can only be given to a person from this contract’s');
        }
      }
      // A Client user never holds an Agency role, whichever way it is asked for.
      const clientRoles = await t.services.contracts.rolesOn(people.client.id, contract.id);
      expect(clientRoles.some((r) => r.startsWith('agency-'))).toBe(false);
      await expect(
        t.services.contracts.grant(system, contract.id, { userId: people.client.id, role: 'agency-security-manager' }),
      ).rejects.toThrow(/problem/);
      expect(outcomes).toHaveLength(4 * CONTRACT_ROLES.length);

      // Without the right to enforce (clause 2.1), the oversight body gets no role.
      const { contract: noEnforce } = await aContract(t, {
        oversightOrganisationId: oversight.id,
        oversightMayEnforce: 'no',
      });
      await admin.agent.get(`/admin/contracts/${noEnforce.id}/members`);
      const refused = await admin.agent.post(`/admin/contracts/${noEnforce.id}/members`, {
        userId: people.oversight.id,
        role: 'oversight-viewer',
      });
      expect(refused.statusCode).toBe(422);
      expect(errorSummary(refused.body)[0]).toContain('when the oversight body may enforce the Client’s rights');
    });

    it('refuses a role twice, and a role for a disabled account', async () => {
      const { contract, client } = await aContract(t);
      const person = await aUser(t, client.id, { displayName: 'Dana Double' });
      await admin.agent.get(`/admin/contracts/${contract.id}/members`);
      expect(
        (
          await admin.agent.post(`/admin/contracts/${contract.id}/members`, {
            userId: person.id,
            role: 'client-viewer',
          })
        ).statusCode,
      ).toBe(303);
      const twice = await admin.agent.post(`/admin/contracts/${contract.id}/members`, {
        userId: person.id,
        role: 'client-viewer',
      });
      expect(twice.statusCode).toBe(422);
      expect(errorSummary(twice.body)).toEqual(['Dana Double already has this role on this contract']);
      await t.services.users.disable(system, person.id);
      const disabled = await admin.agent.post(`/admin/contracts/${contract.id}/members`, {
        userId: person.id,
        role: 'auditor',
      });
      expect(errorSummary(disabled.body)).toEqual(['This account is disabled. Enable it before giving it a role']);
    });

    it('shows a user only the contracts they hold a role on, and refuses the others with 403', async () => {
      const { contract: mine, client } = await aContract(t);
      const { contract: theirs } = await aContract(t);
      const person = await aUser(t, client.id);
      await t.services.contracts.grant(system, mine.id, { userId: person.id, role: 'client-viewer' });
      const { agent } = await signIn(t, person.email);
      const list = await agent.get('/contracts');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain(mine.orderReference);
      expect(list.body).not.toContain(theirs.orderReference);
      expect((await agent.get(`/contracts/${mine.id}`)).statusCode).toBe(200);
      const other = await agent.get(`/contracts/${theirs.id}`);
      expect(other.statusCode).toBe(403);
      expect(other.body).not.toContain(theirs.orderReference);
      // The admin sees every contract.
      const all = await admin.agent.get('/contracts');
      expect(all.body).toContain(mine.orderReference);
      expect(all.body).toContain(theirs.orderReference);
    });

    it('shows the members table only to roles with contract:members:view', async () => {
      const oversight = await anOrganisation(t, 'oversight');
      const { contract, agency, client } = await aContract(t, {
        oversightOrganisationId: oversight.id,
        oversightMayEnforce: 'yes',
      });
      const orgFor: Record<ContractRole, string> = {
        'agency-security-manager': agency.id,
        'agency-staff': agency.id,
        'client-representative': client.id,
        'client-viewer': client.id,
        'oversight-viewer': oversight.id,
        auditor: oversight.id,
      };
      const names: string[] = [];
      const agents: [ContractRole, Awaited<ReturnType<typeof signIn>>['agent']][] = [];
      for (const role of CONTRACT_ROLES) {
        const person = await aUser(t, orgFor[role], { displayName: `Member ${role}` });
        names.push(`Member ${role}`);
        await t.services.contracts.grant(system, contract.id, { userId: person.id, role });
        agents.push([role, (await signIn(t, person.email)).agent]);
      }
      for (const [role, agent] of agents) {
        const page = await agent.get(`/contracts/${contract.id}`);
        expect(page.statusCode).toBe(200);
        const sees = PERMISSIONS.rolesGrant([role], 'contract:members:view');
        expect(page.body.includes('People with a role'), role).toBe(sees);
        // Nobody else's name leaks without the permission.
        for (const name of names.filter((x) => x !== `Member ${role}`))
          expect(page.body.includes(name), `${role} sees ${name}`).toBe(sees);
      }
      expect(agents.filter(([role]) => PERMISSIONS.rolesGrant([role], 'contract:members:view')).length).toBeGreaterThan(
        0,
      );
      expect(
        agents.filter(([role]) => !PERMISSIONS.rolesGrant([role], 'contract:members:view')).length,
      ).toBeGreaterThan(0);
    });
  });
}
