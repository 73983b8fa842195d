import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/kernel/index.ts';

const system = (name: string, clearance: string) => ({
  name,
  owner: 'Agency platform team',
  hosting: 'Azure UK South',
  holdsGovernmentData: 'yes',
  privileged: 'yes',
  clearance,
});
const alice = {
  name: 'Alice Ng',
  email: 'alice@agency.example',
  employer: 'agency',
  jobTitle: 'Platform engineer',
  startDate: '2026-03-01',
};
const admin = {
  title: 'System administrator',
  description: 'Privileged access to systems holding Government Data',
  level: 'DV',
};

for (const dialect of await dialectsUnderTest()) {
  describe(`the catalogue of roles that need clearance (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function aCatalogue() {
      const c = await aContractWithLeads(t);
      const contractId = c.contract.id;
      const crm = await t.services.systems.create(c.agencyActor, contractId, system('Case management', 'SC'));
      const hr = await t.services.systems.create(c.agencyActor, contractId, system('HR portal', 'none'));
      const person = await t.services.personnel.create(c.agencyActor, contractId, alice);
      return { c, contractId, crm, hr, person, roles: t.services.clearances.roles };
    }

    it('is proposed by the Agency, agreed by the Client bound by the SHA-256 of its canonical record, and told to the other party', async () => {
      const { c, contractId, crm, roles } = await aCatalogue();
      const proposed = await roles.propose(c.agencyActor, contractId, { ...admin, systemIds: [crm.id] });
      expect(proposed).toMatchObject({
        status: 'proposed',
        revision: 1,
        agreed: null,
        systems: [{ id: crm.id, name: 'Case management' }],
      });
      const inbox = (await t.services.notifications.listFor(c.rep.id)).items;
      expect(inbox.map((n) => n.subject)).toContainEqual(
        expect.stringContaining('awaits your decision: System administrator'),
      );

      await expect(roles.agree(c.clientActor, contractId, proposed.id, { revision: 2 })).rejects.toThrow(ConflictError);
      const agreed = await roles.agree(c.clientActor, contractId, proposed.id, { revision: '1' });
      const record = {
        contractId,
        roleId: proposed.id,
        revision: 1,
        title: admin.title,
        description: admin.description,
        level: 'DV',
        systems: [{ id: crm.id, name: 'Case management' }],
      };
      const expected = crypto.createHash('sha256').update(canonicalize(record)!).digest('hex');
      expect(agreed.status).toBe('agreed');
      expect(agreed.agreed).toMatchObject({ hash: expected, record });
      expect(agreed.hash).toBe(expected);
      await expect(roles.agree(c.clientActor, contractId, proposed.id, { revision: 1 })).rejects.toThrow(ConflictError);

      // A change after agreement is a new proposal; the record agreed stands until the change is agreed.
      const changed = await roles.change(c.agencyActor, contractId, proposed.id, {
        ...admin,
        level: 'SC',
        systemIds: [crm.id],
      });
      expect(changed).toMatchObject({ status: 'proposed', revision: 2, level: 'SC', agreed: { hash: expected } });
      expect(changed.hash).not.toBe(expected);
      await expect(roles.refuse(c.clientActor, contractId, proposed.id, { revision: 2, reason: ' ' })).rejects.toThrow(
        ValidationError,
      );
      const refused = await roles.refuse(c.clientActor, contractId, proposed.id, {
        revision: 2,
        reason: 'DV stays needed',
      });
      expect(refused).toMatchObject({
        status: 'refused',
        refusalReason: 'DV stays needed',
        agreed: { hash: expected },
      });
      const actions = (await t.services.audit.listRecent({ contractId, limit: 50 }))
        .filter((e) => e.action.startsWith('clearance-role.'))
        .map((e) => e.action)
        .reverse();
      expect(actions).toEqual([
        'clearance-role.propose',
        'clearance-role.agree',
        'clearance-role.change',
        'clearance-role.refuse',
      ]);
    });

    it('refuses a duplicate title, a system of another contract, and unknown roles', async () => {
      const { c, contractId, roles } = await aCatalogue();
      const other = await aCatalogue();
      await roles.propose(c.agencyActor, contractId, admin);
      await expect(
        roles.propose(c.agencyActor, contractId, { ...admin, title: ' system ADMINISTRATOR ' }),
      ).rejects.toMatchObject({
        fields: { title: 'The catalogue already has a role with this name' },
      });
      await expect(
        roles.propose(c.agencyActor, contractId, { ...admin, title: 'DBA', systemIds: [other.crm.id] }),
      ).rejects.toMatchObject({ fields: { systemIds: 'Select systems in service on this contract’s register' } });
      await expect(
        roles.propose(c.agencyActor, contractId, { ...admin, title: 'DBA', systemIds: ['x'] }),
      ).rejects.toThrow(ValidationError);
      await expect(roles.get(other.contractId, (await roles.list(contractId))[0]!.id)).rejects.toThrow(NotFoundError);
    });

    it('says what a person needs on a system: the system’s need and their agreed roles covering it, the highest per ladder', async () => {
      const { c, contractId, crm, hr, person, roles } = await aCatalogue();
      const s = t.services.clearances;
      expect(await s.requiredClearanceFor(contractId, person.id, crm.id)).toEqual({
        levels: ['SC'],
        reasons: [{ level: 'SC', source: 'system', id: crm.id, name: 'Case management' }],
      });
      expect((await s.requiredClearanceFor(contractId, person.id, hr.id)).levels).toEqual([]);
      const dv = await roles.propose(c.agencyActor, contractId, { ...admin, systemIds: [crm.id] });
      const police = await roles.propose(c.agencyActor, contractId, { ...admin, title: 'PNC user', level: 'NPPV2' });
      await roles.assign(c.agencyActor, contractId, dv.id, person.id);
      await roles.assign(c.agencyActor, contractId, police.id, person.id);
      await expect(roles.assign(c.agencyActor, contractId, dv.id, person.id)).rejects.toThrow(ConflictError);
      // Not yet agreed: the roles add nothing.
      expect((await s.requiredClearanceFor(contractId, person.id, crm.id)).levels).toEqual(['SC']);
      await roles.agree(c.clientActor, contractId, dv.id, { revision: 1 });
      await roles.agree(c.clientActor, contractId, police.id, { revision: 1 });
      expect((await s.requiredClearanceFor(contractId, person.id, crm.id)).levels).toEqual(['DV', 'NPPV2']);
      // The DV role covers the case management system only; the police role names no systems, so covers all.
      expect((await s.requiredClearanceFor(contractId, person.id, hr.id)).levels).toEqual(['NPPV2']);
      await s.record(c.agencyActor, contractId, person.id, {
        level: 'SC',
        sponsor: 'Home Office',
        grantedOn: '2026-06-01',
      });
      expect(await s.unmetClearanceFor(contractId, person.id, crm.id, '2026-12-01')).toEqual(['DV', 'NPPV2']);
      await s.record(c.agencyActor, contractId, person.id, {
        level: 'eDV',
        sponsor: 'Home Office',
        grantedOn: '2026-06-01',
      });
      await s.record(c.agencyActor, contractId, person.id, {
        level: 'NPPV3',
        sponsor: 'Kent Police',
        grantedOn: '2026-06-01',
      });
      expect(await s.unmetClearanceFor(contractId, person.id, crm.id, '2026-12-01')).toEqual([]);
      await roles.unassign(c.agencyActor, contractId, police.id, person.id);
      expect((await s.requiredClearanceFor(contractId, person.id, hr.id)).levels).toEqual([]);
      await expect(roles.unassign(c.agencyActor, contractId, police.id, person.id)).rejects.toThrow(ConflictError);
    });
  });
}
