import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, aUser } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { NotFoundError, ValidationError } from '../../platform/kernel/index.ts';

// The test clock stands at 30 November 2026, 9am.
export const alice = {
  name: 'Alice Ng',
  email: 'Alice.Ng@Agency.example',
  employer: 'agency',
  jobTitle: 'Platform engineer',
  startDate: '2026-03-01',
};
const passed = { outcome: 'passed', checkedOn: '2026-02-20', checkedBy: 'HR team', evidenceRef: 'Workday case 7' };

for (const dialect of await dialectsUnderTest()) {
  describe(`the Agency Staff register (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());
    const events = async (contractId: string, prefix: string) =>
      (await t.services.audit.listRecent({ contractId, limit: 50 }))
        .filter((e) => e.action.startsWith(prefix))
        .map((e) => ({ action: e.action, details: JSON.parse(e.details) as unknown }))
        .reverse();

    it('adds and changes people, each with its audit event, and derives their status from the dates', async () => {
      const c = await aContractWithLeads(t);
      const p = t.services.personnel;
      const added = await p.create(c.agencyActor, c.contract.id, { ...alice, externalId: ' E100 ' });
      expect(added).toMatchObject({
        email: 'alice.ng@agency.example',
        subcontractor: null,
        status: 'active',
        externalId: 'E100',
      });
      const bob = await p.create(c.agencyActor, c.contract.id, {
        ...alice,
        name: 'Bob Jones',
        email: 'bob@sub.example',
        employer: 'subcontractor',
        subcontractor: 'Acme Cloud Ltd',
        startDate: '2026-12-07',
      });
      expect(bob.status).toBe('joining');
      const leaving = await p.update(c.agencyActor, c.contract.id, added.id, {
        ...alice,
        externalId: 'E100',
        endDate: '2026-12-04',
      });
      expect(leaving.status).toBe('leaving');
      const marked = await p.update(c.agencyActor, c.contract.id, bob.id, {
        ...alice,
        name: 'Bob Jones',
        email: 'bob@sub.example',
        employer: 'subcontractor',
        subcontractor: 'Acme Cloud Ltd',
        startDate: '2026-12-07',
        leaving: true,
      });
      expect(marked.status).toBe('leaving');
      const left = await p.create(c.agencyActor, c.contract.id, {
        ...alice,
        name: 'Carol Smith',
        email: 'carol@agency.example',
        endDate: '2026-11-29',
      });
      expect(left.status).toBe('left');

      // The list filters by status and employer in the database, with the same rule.
      const names = async (f: Parameters<typeof p.list>[1]) => (await p.list(c.contract.id, f)).map((x) => x.name);
      expect(await names({})).toEqual(['Alice Ng', 'Bob Jones', 'Carol Smith']);
      expect(await names({ status: 'leaving' })).toEqual(['Alice Ng', 'Bob Jones']);
      expect(await names({ status: 'left' })).toEqual(['Carol Smith']);
      expect(await names({ status: 'active' })).toEqual([]);
      expect(await names({ employer: null })).toEqual(['Alice Ng', 'Carol Smith']);
      expect(await names({ employer: 'ACME CLOUD LTD' })).toEqual(['Bob Jones']);
      t.clock.set(new Date('2026-12-05T09:00:00Z'));
      try {
        expect(await names({ status: 'left' })).toEqual(['Alice Ng', 'Carol Smith']);
        expect((await p.get(c.contract.id, added.id)).status).toBe('left');
      } finally {
        t.clock.set(new Date('2026-11-30T09:00:00.000Z'));
      }
      expect(await events(c.contract.id, 'person.')).toEqual([
        {
          action: 'person.create',
          details: { after: expect.objectContaining({ name: 'Alice Ng', employer: 'the Agency' }) },
        },
        { action: 'person.create', details: { after: expect.objectContaining({ employer: 'Acme Cloud Ltd' }) } },
        { action: 'person.update', details: { before: { endDate: null }, after: { endDate: '2026-12-04' } } },
        { action: 'person.update', details: { before: { leaving: false }, after: { leaving: true } } },
        { action: 'person.create', details: { after: expect.objectContaining({ name: 'Carol Smith' }) } },
      ]);
    });

    it('refuses bad input field by field, a second person with the same email or employee ID, and others’ accounts', async () => {
      const c = await aContractWithLeads(t);
      const p = t.services.personnel;
      const bad = await p
        .create(c.agencyActor, c.contract.id, {
          name: ' ',
          email: 'not-an-email',
          employer: 'subcontractor',
          startDate: '2026-02-30',
          endDate: '2025-01-01',
        })
        .catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(ValidationError);
      expect(Object.keys((bad as ValidationError).fields)).toEqual([
        'name',
        'email',
        'jobTitle',
        'startDate',
        'subcontractor',
      ]);
      const late = await p
        .create(c.agencyActor, c.contract.id, { ...alice, endDate: '2026-02-01' })
        .catch((e: unknown) => e);
      expect((late as ValidationError).fields).toEqual({ endDate: 'The end date must be on or after the start date' });
      await p.create(c.agencyActor, c.contract.id, { ...alice, externalId: 'E1' });
      await expect(
        p.create(c.agencyActor, c.contract.id, { ...alice, email: 'ALICE.NG@agency.example' }),
      ).rejects.toMatchObject({
        fields: { email: 'This contract already lists someone with this work email' },
      });
      await expect(
        p.create(c.agencyActor, c.contract.id, { ...alice, email: 'other@agency.example', externalId: 'E1' }),
      ).rejects.toMatchObject({ fields: { externalId: 'This contract already lists someone with this employee ID' } });
      // A Client's account cannot be linked to Agency Staff; the Agency's people on the contract can.
      await expect(
        p.create(c.agencyActor, c.contract.id, { ...alice, email: 'x@a.example', userId: c.rep.id }),
      ).rejects.toMatchObject({
        fields: { userId: expect.stringContaining('Select an account') },
      });
      const linked = await p.create(c.agencyActor, c.contract.id, {
        ...alice,
        email: 'm@a.example',
        userId: c.manager.id,
      });
      expect(linked.userId).toBe(c.manager.id);
      const stranger = await aUser(t, c.agency.id);
      await expect(
        p.create(c.agencyActor, c.contract.id, { ...alice, email: 's@a.example', userId: stranger.id }),
      ).rejects.toBeInstanceOf(ValidationError);
    });

    it('keeps each contract’s register to itself', async () => {
      const [a, b] = [await aContractWithLeads(t), await aContractWithLeads(t)];
      const onA = await t.services.personnel.create(a.agencyActor, a.contract.id, alice);
      await expect(t.services.personnel.get(b.contract.id, onA.id)).rejects.toBeInstanceOf(NotFoundError);
      expect(await t.services.personnel.list(b.contract.id)).toEqual([]);
      await t.services.personnel.create(b.agencyActor, b.contract.id, alice); // the same email on another contract
    });

    it('records checks without their outcome in the audit log, and counts only passed required checks as complete', async () => {
      const c = await aContractWithLeads(t);
      const p = t.services.personnel;
      const person = await p.create(c.agencyActor, c.contract.id, alice);
      const checks = p.checks;
      expect(await checks.summary(c.contract.id, person.id)).toEqual({
        complete: false,
        missing: ['identity', 'criminal-record', 'right-to-work'],
      });
      await checks.record(c.agencyActor, c.contract.id, person.id, 'identity', {
        ...passed,
        method: 'Passport seen in person',
      });
      await checks.record(c.agencyActor, c.contract.id, person.id, 'criminal-record', {
        ...passed,
        outcome: 'pending',
        method: 'basic-dbs',
      });
      await checks.record(c.agencyActor, c.contract.id, person.id, 'right-to-work', {
        ...passed,
        method: 'Share code',
      });
      expect((await p.list(c.contract.id))[0]!.checks).toEqual({ complete: false, missing: ['criminal-record'] });
      await checks.record(c.agencyActor, c.contract.id, person.id, 'criminal-record', {
        ...passed,
        method: 'disclosure-scotland',
      });
      expect(await checks.summary(c.contract.id, person.id)).toEqual({ complete: true, missing: [] });
      expect((await checks.records(c.contract.id, person.id)).map((r) => [r.kind, r.outcome, r.method])).toEqual([
        ['identity', 'passed', 'Passport seen in person'],
        ['criminal-record', 'passed', 'disclosure-scotland'],
        ['right-to-work', 'passed', 'Share code'],
      ]);
      const logged = await events(c.contract.id, 'person-check.');
      expect(logged.map((e) => e.details)).toEqual([
        { check: 'identity', replaced: false },
        { check: 'criminal-record', replaced: false },
        { check: 'right-to-work', replaced: false },
        { check: 'criminal-record', replaced: true },
      ]);
      expect(JSON.stringify(logged)).not.toMatch(/passed|pending|dbs|scotland/i);
      // A criminal-record check needs one of the three UK methods; a check cannot be dated in the future.
      await expect(
        checks.record(c.agencyActor, c.contract.id, person.id, 'criminal-record', { ...passed, method: 'Asked them' }),
      ).rejects.toMatchObject({ fields: { method: 'Select how unspent convictions were checked' } });
      await expect(
        checks.record(c.agencyActor, c.contract.id, person.id, 'identity', {
          ...passed,
          method: 'x',
          checkedOn: '2026-12-25',
        }),
      ).rejects.toMatchObject({ fields: { checkedOn: 'The date of the check must be today or in the past' } });
    });

    it('migrates down and up, losing nothing of the tables before it', async () => {
      const migrator = t.db.migrations.migrator();
      const names = (await migrator.getMigrations()).map((m) => m.name);
      const first = names.indexOf('20261217T0900-personnel-people');
      expect(names.slice(first, first + 3)).toEqual([
        '20261217T0900-personnel-people',
        '20261217T0901-personnel-checks',
        '20261217T0902-personnel-imports',
      ]);
      const c = await aContractWithLeads(t);
      await t.services.systems.create(c.agencyActor, c.contract.id, {
        name: 'CRM',
        owner: 'IT',
        hosting: 'Azure',
        holdsGovernmentData: 'yes',
        privileged: 'no',
        clearance: 'BPSS',
      });
      // Down to the migration before the register's (and every later one), then up again.
      const later = names.slice(first);
      expect((await migrator.migrateTo(names[first - 1]!)).error).toBeUndefined();
      await expect(t.db.db.selectFrom('personnel_people').selectAll().execute()).rejects.toThrow();
      expect(await t.services.systems.list(c.contract.id)).toHaveLength(1);
      expect((await migrator.migrateTo(later.at(-1)!)).error).toBeUndefined();
      await t.services.personnel.create(c.agencyActor, c.contract.id, alice);
      expect(await t.services.personnel.list(c.contract.id)).toHaveLength(1);
    });
  });
}
