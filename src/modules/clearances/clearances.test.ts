import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/kernel/index.ts';
import { EXPIRY_KIND } from './clearance-clocks.ts';

// The test clock stands at 30 November 2026, 9am.
const alice = {
  name: 'Alice Ng',
  email: 'alice@agency.example',
  employer: 'agency',
  jobTitle: 'Platform engineer',
  startDate: '2026-03-01',
};
const sc = { level: 'SC', sponsor: 'Home Office', grantedOn: '2026-06-01' };

for (const dialect of await dialectsUnderTest()) {
  describe(`clearances held by Agency Staff (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());
    const events = async (contractId: string, prefix: string) =>
      (await t.services.audit.listRecent({ contractId, limit: 50 }))
        .filter((e) => e.action.startsWith(prefix))
        .map((e) => ({ action: e.action, details: JSON.parse(e.details) as Record<string, unknown> }))
        .reverse();
    async function aPerson() {
      const c = await aContractWithLeads(t);
      const person = await t.services.personnel.create(c.agencyActor, c.contract.id, alice);
      return { c, person, contractId: c.contract.id };
    }
    const clocksOf = async (contractId: string, clearanceId: string) =>
      (await t.services.deadlines.listForContract(contractId)).filter(
        (d) => d.kind === EXPIRY_KIND && d.subject?.id === clearanceId,
      );

    it('records a clearance with the published default period and a clock owed by the Agency, due on the expiry date', async () => {
      const { c, person, contractId } = await aPerson();
      const s = t.services.clearances;
      const held = await s.record(c.agencyActor, contractId, person.id, { ...sc, sponsor: '  Home Office ' });
      expect(held).toMatchObject({ level: 'SC', sponsor: 'Home Office', expiresOn: '2033-06-01', status: 'active' });
      const [clock] = await clocksOf(contractId, held.id);
      expect(clock).toMatchObject({ clause: '6.2', ownerParty: 'agency', dueDate: '2033-06-01', status: 'open' });
      expect(clock!.title).toBe('Renew or review the SC (Security Check) clearance of Alice Ng');
      expect(await events(contractId, 'clearance.')).toEqual([
        {
          action: 'clearance.record',
          details: {
            clearanceId: held.id,
            after: { level: 'SC', sponsor: 'Home Office', grantedOn: '2026-06-01', expiresOn: '2033-06-01' },
          },
        },
      ]);
      // BPSS has no fixed period: no date, no clock.
      const bpss = await s.record(c.agencyActor, contractId, person.id, { ...sc, level: 'BPSS' });
      expect(bpss.expiresOn).toBeNull();
      expect(await clocksOf(contractId, bpss.id)).toEqual([]);
      expect((await s.ofPerson(contractId, person.id)).map((x) => x.level).sort()).toEqual(['BPSS', 'SC']);
    });

    it('answers holdsClearance along the ladders: SC covers CTC and BPSS, not eSC, DV or any NPPV level', async () => {
      const { c, person, contractId } = await aPerson();
      const s = t.services.clearances;
      await s.record(c.agencyActor, contractId, person.id, { ...sc, expiresOn: '2027-06-01' });
      const holds = (level: Parameters<typeof s.holdsClearance>[2], day = '2026-12-01') =>
        s.holdsClearance(contractId, person.id, level, day);
      expect(await holds('SC')).toBe(true);
      expect(await holds('CTC')).toBe(true);
      expect(await holds('BPSS')).toBe(true);
      expect(await holds('none')).toBe(true);
      expect(await holds('eSC')).toBe(false);
      expect(await holds('DV')).toBe(false);
      expect(await holds('NPPV1')).toBe(false);
      expect(await holds('SC', '2026-05-31')).toBe(false); // before it was granted
      expect(await holds('SC', '2027-05-31')).toBe(true);
      expect(await holds('SC', '2027-06-01')).toBe(false); // its expiry date has come
      await s.record(c.agencyActor, contractId, person.id, {
        level: 'NPPV3',
        sponsor: 'Kent Police',
        grantedOn: '2026-01-05',
      });
      expect(await holds('NPPV2')).toBe(true);
      expect(await holds('DV')).toBe(false);
    });

    it('refuses bad input with a message per field', async () => {
      const { c, person, contractId } = await aPerson();
      const s = t.services.clearances;
      await expect(s.record(c.agencyActor, contractId, person.id, {})).rejects.toMatchObject({
        fields: {
          level: 'Select the clearance level',
          sponsor: 'Enter the sponsor',
          grantedOn: 'Enter the date it was granted',
        },
      });
      await expect(s.record(c.agencyActor, contractId, person.id, { ...sc, grantedOn: '2026-12-25' })).rejects.toThrow(
        ValidationError,
      );
      await expect(
        s.record(c.agencyActor, contractId, person.id, { ...sc, expiresOn: '2026-05-01' }),
      ).rejects.toMatchObject({
        fields: { expiresOn: 'The review or expiry date must be after the date it was granted' },
      });
      await expect(s.record(c.agencyActor, contractId, person.id, { ...sc, level: 'TS' })).rejects.toThrow(
        ValidationError,
      );
      await expect(s.record(c.agencyActor, contractId, '0190a0a0-0000-7000-8000-00000000beef', sc)).rejects.toThrow(
        NotFoundError,
      );
    });

    it('uses the contract’s own period for a level, and Custodian’s default again once reset', async () => {
      const { c, person, contractId } = await aPerson();
      const s = t.services.clearances;
      const before = await s.periods.inForce(contractId, 'CTC');
      expect(before).toMatchObject({ years: 5, from: 'default', default: { kind: 'published' } });
      expect(before.source).toContain('United Kingdom Security Vetting');
      expect((await s.periods.inForce(contractId, 'NPPV2')).source).toContain('Custodian’s default');
      await expect(s.periods.set(c.agencyActor, contractId, 'CTC', { years: '0', basis: 'x' })).rejects.toThrow(
        ValidationError,
      );
      await expect(s.periods.set(c.agencyActor, contractId, 'XX', { years: '3', basis: 'x' })).rejects.toThrow(
        NotFoundError,
      );
      await s.periods.set(c.agencyActor, contractId, 'CTC', { years: '3', basis: 'Client’s letter of 2 March 2026' });
      const ctc = await s.record(c.agencyActor, contractId, person.id, { ...sc, level: 'CTC' });
      expect(ctc.expiresOn).toBe('2029-06-01');
      await s.periods.set(c.agencyActor, contractId, 'CTC', { years: 'none', basis: 'No fixed period for this force' });
      expect((await s.periods.inForce(contractId, 'CTC')).years).toBeNull();
      await s.periods.reset(c.agencyActor, contractId, 'CTC');
      expect((await s.periods.inForce(contractId, 'CTC')).from).toBe('default');
      expect((await events(contractId, 'clearance-period.')).map((e) => e.action)).toEqual([
        'clearance-period.set',
        'clearance-period.set',
        'clearance-period.reset',
      ]);
    });

    it('renews (meeting the clock and starting a new one) and ends a clearance (stopping its clock)', async () => {
      const { c, person, contractId } = await aPerson();
      const s = t.services.clearances;
      const held = await s.record(c.agencyActor, contractId, person.id, { ...sc, expiresOn: '2027-01-04' });
      const renewed = await s.renew(c.agencyActor, contractId, person.id, held.id, { grantedOn: '2026-11-30' });
      expect(renewed).toMatchObject({ grantedOn: '2026-11-30', expiresOn: '2033-11-30', renewals: 1 });
      const clocks = await clocksOf(contractId, held.id);
      expect(clocks.map((d) => [d.dueDate, d.status]).sort()).toEqual([
        ['2027-01-04', 'met'],
        ['2033-11-30', 'open'],
      ]);
      await expect(s.end(c.agencyActor, contractId, person.id, held.id, { status: 'revoked' })).rejects.toThrow(
        ValidationError,
      );
      const ended = await s.end(c.agencyActor, contractId, person.id, held.id, {
        status: 'withdrawn',
        endedOn: '2026-11-30',
        reason: 'Withdrawn by UKSV after aftercare review',
      });
      expect(ended.status).toBe('withdrawn');
      expect((await clocksOf(contractId, held.id)).find((d) => d.dueDate === '2033-11-30')?.status).toBe('stopped');
      expect(await s.holdsClearance(contractId, person.id, 'SC', '2026-12-01')).toBe(false);
      await expect(s.renew(c.agencyActor, contractId, person.id, held.id, { grantedOn: '2026-11-30' })).rejects.toThrow(
        ConflictError,
      );
      await expect(
        s.end(c.agencyActor, contractId, person.id, held.id, { status: 'lapsed', endedOn: '2026-11-30', reason: 'x' }),
      ).rejects.toThrow(ConflictError);
      expect((await events(contractId, 'clearance.')).map((e) => e.action)).toEqual([
        'clearance.record',
        'clearance.renew',
        'clearance.end',
      ]);
    });

    it('shows an active clearance past its date as expired', async () => {
      const { c, person, contractId } = await aPerson();
      const old = await t.services.clearances.record(c.agencyActor, contractId, person.id, {
        ...sc,
        grantedOn: '2019-01-01',
        expiresOn: '2026-01-01',
      });
      expect(old.status).toBe('expired');
      expect(await clocksOf(contractId, old.id)).toEqual([]);
    });
  });
}
