import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/kernel/index.ts';

const crm = {
  name: 'Case management',
  owner: 'Agency platform team',
  hosting: 'Microsoft Azure UK South, run by the Agency',
  holdsGovernmentData: 'yes',
  privileged: 'no',
  clearance: 'BPSS',
};

for (const dialect of await dialectsUnderTest()) {
  describe(`the systems register (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());
    const events = async (contractId: string) =>
      (await t.services.audit.listRecent({ contractId, limit: 50 }))
        .filter((e) => e.action.startsWith('system.'))
        .map((e) => ({ action: e.action, details: JSON.parse(e.details) as unknown }))
        .reverse();

    it('adds, changes and retires systems, each with its audit event, and lists those in service first', async () => {
      const c = await aContractWithLeads(t);
      const s = t.services.systems;
      const added = await s.create(c.agencyActor, c.contract.id, { ...crm, notes: '  Replaced in 2027  ' });
      expect(added).toMatchObject({
        name: 'Case management',
        holdsGovernmentData: true,
        privileged: false,
        clearance: 'BPSS',
        notes: 'Replaced in 2027',
        retiredAt: null,
      });
      const admin = await s.create(c.agencyActor, c.contract.id, {
        ...crm,
        name: 'Admin jump host',
        holdsGovernmentData: 'no',
        privileged: 'yes',
        clearance: 'SC',
      });
      const changed = await s.update(c.agencyActor, c.contract.id, added.id, {
        ...crm,
        clearance: 'SC',
        notes: 'Replaced in 2027',
      });
      expect(changed.clearance).toBe('SC');
      await s.retire(c.agencyActor, c.contract.id, admin.id);
      expect((await s.list(c.contract.id)).map((x) => [x.name, Boolean(x.retiredAt)])).toEqual([
        ['Case management', false],
        ['Admin jump host', true],
      ]);
      expect(await events(c.contract.id)).toEqual([
        { action: 'system.create', details: { after: expect.objectContaining({ name: 'Case management' }) } },
        { action: 'system.create', details: { after: expect.objectContaining({ privileged: true, clearance: 'SC' }) } },
        { action: 'system.update', details: { before: { clearance: 'BPSS' }, after: { clearance: 'SC' } } },
        {
          action: 'system.retire',
          details: { before: { retired: false }, after: { retired: true }, name: 'Admin jump host' },
        },
      ]);
    });

    it('refuses bad input field by field, a second system of the same name, and changes to a retired one', async () => {
      const c = await aContractWithLeads(t);
      const s = t.services.systems;
      const bad = await s
        .create(c.agencyActor, c.contract.id, { name: ' ', hosting: 'x'.repeat(501), privileged: 'maybe' })
        .catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(ValidationError);
      expect(Object.keys((bad as ValidationError).fields)).toEqual([
        'name',
        'owner',
        'hosting',
        'holdsGovernmentData',
        'privileged',
        'clearance',
      ]);
      const first = await s.create(c.agencyActor, c.contract.id, crm);
      await expect(s.create(c.agencyActor, c.contract.id, { ...crm, name: 'CASE MANAGEMENT' })).rejects.toMatchObject({
        fields: { name: 'This contract already lists a system with this name' },
      });
      await s.retire(c.agencyActor, c.contract.id, first.id);
      await expect(s.retire(c.agencyActor, c.contract.id, first.id)).rejects.toBeInstanceOf(ConflictError);
      await expect(s.update(c.agencyActor, c.contract.id, first.id, crm)).rejects.toMatchObject({
        code: 'system_retired',
      });
      expect((await events(c.contract.id)).map((e) => e.action)).toEqual(['system.create', 'system.retire']);
    });

    it('keeps each contract’s register to itself', async () => {
      const [a, b] = [await aContractWithLeads(t), await aContractWithLeads(t)];
      const onA = await t.services.systems.create(a.agencyActor, a.contract.id, crm);
      await expect(t.services.systems.get(b.contract.id, onA.id)).rejects.toBeInstanceOf(NotFoundError);
      expect(await t.services.systems.list(b.contract.id)).toEqual([]);
      // The same name on another contract is fine.
      await t.services.systems.create(b.agencyActor, b.contract.id, crm);
    });
  });
}
