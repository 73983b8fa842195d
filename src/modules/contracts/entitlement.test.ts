import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, anOrganisation, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const admin = { type: 'system' as const, name: 'test' };

// Memberships the contract no longer allows end with the change that disallows them, recorded.
for (const dialect of await dialectsUnderTest()) {
  describe(`access ends when the contract's entitlement ends (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    type Contract = Awaited<ReturnType<typeof aContractWithLeads>>['contract'];
    const details = (c: Contract, change: Record<string, unknown>) => ({
      title: c.title,
      startDate: c.startDate,
      clientRepresentativeUserId: c.clientRepresentativeUserId ?? '',
      oversightOrganisationId: c.oversightOrganisationId ?? '',
      securityPolicyApplies: c.securityPolicyApplies ? 'yes' : 'no',
      oversightMayEnforce: c.oversightMayEnforce ? 'yes' : 'no',
      workingDayDivision: c.workingDayDivision,
      notes: c.notes ?? '',
      ...change,
    });
    const revocations = (contractId: string) =>
      t.db.db
        .selectFrom('audit_events')
        .select(['details'])
        .where('contract_id', '=', contractId)
        .where('action', '=', 'membership.revoke')
        .execute()
        .then((rows) => rows.map((r) => JSON.parse(r.details) as { before: { userId: string }; reason: string }));

    async function withOversightViewer() {
      const oversight = await anOrganisation(t, 'oversight');
      const c = await aContractWithLeads(t, { oversightOrganisationId: oversight.id, oversightMayEnforce: 'yes' });
      const viewer = await aUser(t, oversight.id);
      await t.services.contracts.grant(admin, c.contract.id, { userId: viewer.id, role: 'oversight-viewer' });
      const { agent } = await signIn(t, viewer.email);
      expect((await agent.get(`/contracts/${c.contract.id}`)).statusCode).toBe(200);
      return { c, viewer, agent };
    }

    for (const [what, change] of [
      ['may no longer enforce the Client’s rights', { oversightMayEnforce: 'no' }],
      ['is removed from the contract', { oversightOrganisationId: '', oversightMayEnforce: 'no' }],
    ] as const)
      it(`ends the oversight viewer's access when the oversight body ${what}`, async () => {
        const { c, viewer, agent } = await withOversightViewer();
        await t.services.contracts.update(admin, c.contract.id, details(c.contract, change));
        expect(await t.services.contracts.membershipsOf(viewer.id)).toEqual([]);
        expect((await agent.get(`/contracts/${c.contract.id}`)).statusCode).toBe(403);
        expect(await revocations(c.contract.id)).toEqual([
          expect.objectContaining({ before: { userId: viewer.id, role: 'oversight-viewer' } }),
        ]);
      });

    it("ends the former Client's Representative's role when another is named", async () => {
      const c = await aContractWithLeads(t);
      const first = await aUser(t, c.client.id);
      const named = await t.services.contracts.update(
        admin,
        c.contract.id,
        details(c.contract, { clientRepresentativeUserId: first.id }),
      );
      const { agent } = await signIn(t, first.email);
      expect((await agent.get(`/contracts/${c.contract.id}`)).statusCode).toBe(200);
      const second = await aUser(t, c.client.id);
      await t.services.contracts.update(
        admin,
        c.contract.id,
        details(named, { clientRepresentativeUserId: second.id }),
      );
      expect((await t.services.contracts.membershipsOf(first.id)).map((m) => m.role)).toEqual([]);
      expect((await t.services.contracts.membershipsOf(second.id)).map((m) => m.role)).toEqual([
        'client-representative',
      ]);
      expect((await agent.get(`/contracts/${c.contract.id}`)).statusCode).toBe(403);
      expect(await revocations(c.contract.id)).toContainEqual(
        expect.objectContaining({
          before: { userId: first.id, role: 'client-representative' },
          reason: expect.stringContaining('another'),
        }),
      );
    });
  });
}
