import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createReminderScheduler } from '../deadlines/index.ts';
import { ConflictError, ValidationError } from '../../platform/kernel/index.ts';

const person = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  email: `${name.toLowerCase().replace(/\W+/g, '.')}@agency.example`,
  employer: 'agency',
  jobTitle: 'Platform engineer',
  startDate: '2026-03-01',
  ...extra,
});
const check = (method = 'Passport seen') => ({
  outcome: 'passed',
  checkedOn: '2026-02-20',
  checkedBy: 'HR team',
  method,
  evidenceRef: 'Workday case 7',
});
const system = (name: string) => ({
  name,
  owner: 'Platform team',
  hosting: 'AWS London',
  holdsGovernmentData: 'yes',
  privileged: 'yes',
  clearance: 'none',
  notes: '',
});

for (const dialect of await dialectsUnderTest()) {
  describe(`access grants (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    /** A contract with a checked person, an unchecked one, and two systems. */
    async function setUp() {
      t.clock.set(new Date('2026-11-30T09:00:00.000Z'));
      const c = await aContractWithLeads(t);
      const s = t.services;
      const checked = await s.personnel.create(c.agencyActor, c.contract.id, person('Alice Ng'));
      for (const kind of ['identity', 'criminal-record', 'right-to-work'] as const)
        await s.personnel.checks.record(
          c.agencyActor,
          c.contract.id,
          checked.id,
          kind,
          check(kind === 'criminal-record' ? 'basic-dbs' : undefined),
        );
      const unchecked = await s.personnel.create(c.agencyActor, c.contract.id, person('Bob Jones'));
      await s.personnel.checks.record(c.agencyActor, c.contract.id, unchecked.id, 'identity', check());
      const crm = await s.systems.create(c.agencyActor, c.contract.id, system('CRM'));
      const vault = await s.systems.create(c.agencyActor, c.contract.id, system('Key vault'));
      const grant = (p: string, sys: string, level = 'administrator', extra: Record<string, unknown> = {}) =>
        s.accessGrants.grant(c.agencyActor, c.contract.id, {
          personId: p,
          systemId: sys,
          level,
          reason: 'Runs the platform',
          grantedOn: '2026-03-02',
          ...extra,
        });
      return { c, s, checked, unchecked, crm, vault, grant };
    }

    it('refuses access to a person whose checks are incomplete, naming what is missing, unless an exception is recorded for the Client to agree', async () => {
      const { c, s, unchecked, crm, grant } = await setUp();
      const refused = await grant(unchecked.id, crm.id).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).fields.exceptionReason).toContain(
        'missing: unspent criminal convictions, right to work',
      );
      expect(await s.accessGrants.list(c.contract.id)).toEqual([]);

      const g = await grant(unchecked.id, crm.id, 'standard', {
        exceptionReason: 'Start date agreed; DBS in progress',
      });
      expect(g).toMatchObject({ personName: 'Bob Jones', systemName: 'CRM', status: 'current' });
      const [e] = await s.accessGrants.exceptions.list(c.contract.id);
      expect(e).toMatchObject({
        kind: 'checks-incomplete',
        status: 'open',
        grantId: g.id,
        missing: ['criminal-record', 'right-to-work'],
      });
      // Both parties hear of it.
      const told = await s.notifications.listFor(c.rep.id);
      expect(told.items.some((n) => n.subject.startsWith('Exception raised: Bob Jones on CRM'))).toBe(true);

      // The Client's written agreement: until when and why; refused for a date past, and twice.
      await expect(
        s.accessGrants.exceptions.agree(c.clientActor, c.contract.id, e!.id, { until: '2026-01-01', why: 'x' }),
      ).rejects.toThrow(ValidationError);
      const agreed = await s.accessGrants.exceptions.agree(c.clientActor, c.contract.id, e!.id, {
        until: '2027-01-31',
        why: 'DBS certificate expected in January',
      });
      expect(agreed).toMatchObject({ status: 'agreed', agreedBy: c.rep.id, agreedUntil: '2027-01-31' });
      await expect(
        s.accessGrants.exceptions.agree(c.clientActor, c.contract.id, e!.id, { until: '2027-01-31', why: 'again' }),
      ).rejects.toThrow(ConflictError);

      // One grant per person and system while held; a leaver cannot be given access.
      const twice = await grant(unchecked.id, crm.id, 'elevated', { exceptionReason: 'x' }).catch((x: unknown) => x);
      expect((twice as ValidationError).fields.systemId).toContain('already has standard access');
      const actions = (await s.audit.listRecent({ contractId: c.contract.id, limit: 50 })).map((x) => x.action);
      expect(actions).toEqual(
        expect.arrayContaining(['access-grant.create', 'access-exception.raise', 'access-exception.agree']),
      );
    });

    it('counts a Friday leaver’s revocation to the Tuesday after the summer bank holiday, and keeps a missed one missed for both parties', async () => {
      const { c, s, checked, crm, vault, grant } = await setUp();
      t.clock.set(new Date('2026-08-20T09:00:00.000Z'));
      const g1 = await grant(checked.id, crm.id);
      const g2 = await grant(checked.id, vault.id, 'standard');
      await s.personnel.update(c.agencyActor, c.contract.id, checked.id, person('Alice Ng', { endDate: '2026-08-28' }));
      // The end date has not arrived: no clock yet.
      expect((await s.accessGrants.get(c.contract.id, g1.id)).status).toBe('current');

      // Friday 28 August 2026: the reminder pass (as the server runs it every minute) starts the clocks.
      t.clock.set(new Date('2026-08-28T08:00:00.000Z'));
      const scheduler = createReminderScheduler({
        deadlines: s.deadlines,
        calendar: s.calendar,
        contracts: s.contracts,
        notifications: s.notifications,
      });
      await scheduler.runOnce();
      const revoking = await s.accessGrants.get(c.contract.id, g1.id);
      expect(revoking.status).toBe('revoking');
      expect(revoking.revocation).toMatchObject({ cause: 'end-date', causeDate: '2026-08-28' });
      const clock = await s.deadlines.get(revoking.revocation!.deadlineId!);
      expect(clock).toMatchObject({ kind: 'access.revocation', clause: '6.5', dueDate: '2026-09-01', status: 'open' });
      expect(clock.explanation).toContain('Alice Ng’s end date');
      expect(clock.explanation).toMatch(/Summer bank holiday/i);
      // A second pass starts nothing twice.
      await scheduler.runOnce();
      expect(
        (await s.deadlines.listForContract(c.contract.id)).filter((d) => d.kind === 'access.revocation'),
      ).toHaveLength(2);

      // One revoked on time (Tuesday 1 September); the other not recorded by then is missed.
      t.clock.set(new Date('2026-09-01T10:00:00.000Z'));
      await s.accessGrants.recordRevocation(c.agencyActor, c.contract.id, g1.id, {
        revokedOn: '2026-09-01',
        revokedBy: 'Identity team',
        method: 'Removed from the CRM admin group',
        evidenceRef: 'ServiceNow RITM0042',
      });
      expect((await s.deadlines.get(clock.id)).status).toBe('met');
      t.clock.set(new Date('2026-09-02T09:00:00.000Z'));
      await scheduler.runOnce();
      const g2now = await s.accessGrants.get(c.contract.id, g2.id);
      const missed = await s.deadlines.get(g2now.revocation!.deadlineId!);
      expect(missed.status).toBe('missed');
      for (const userId of [c.manager.id, c.rep.id]) {
        const notes = await s.notifications.listFor(userId);
        expect(notes.items.filter((n) => n.kind === 'access.revocation-missed')).toHaveLength(1);
      }
      await scheduler.runOnce(); // told once per person, however many passes
      expect(
        (await s.notifications.listFor(c.rep.id)).items.filter((n) => n.kind === 'access.revocation-missed'),
      ).toHaveLength(1);
      // Recorded late: the clock stays missed, with when it was done.
      await s.accessGrants.recordRevocation(c.agencyActor, c.contract.id, g2.id, {
        revokedOn: '2026-09-02',
        revokedBy: 'Identity team',
        method: 'Account disabled',
        evidenceRef: 'RITM0043',
      });
      const late = await s.deadlines.get(missed.id);
      expect(late.status).toBe('missed');
      expect(late.metAt).not.toBeNull();
      expect((await s.accessGrants.get(c.contract.id, g2.id)).status).toBe('revoked');
      await expect(
        s.accessGrants.recordRevocation(c.agencyActor, c.contract.id, g2.id, {
          revokedOn: '2026-09-02',
          revokedBy: 'x',
          method: 'x',
          evidenceRef: 'x',
        }),
      ).rejects.toThrow(ConflictError);
    });

    it('starts clocks the moment a person is marked leaving or an import brings an end date that has arrived', async () => {
      const { c, s, checked, crm, vault, grant } = await setUp();
      const g = await grant(checked.id, crm.id, 'elevated');
      await s.personnel.update(c.agencyActor, c.contract.id, checked.id, person('Alice Ng', { leaving: true }));
      const marked = await s.accessGrants.get(c.contract.id, g.id);
      expect(marked.revocation).toMatchObject({ cause: 'marked-leaving', causeDate: '2026-11-30' });
      // Monday 30 November 2026: due Tuesday 1 December.
      expect((await s.deadlines.get(marked.revocation!.deadlineId!)).dueDate).toBe('2026-12-01');

      const carol = await s.personnel.create(c.agencyActor, c.contract.id, person('Carol Smith'));
      for (const kind of ['identity', 'criminal-record', 'right-to-work'] as const)
        await s.personnel.checks.record(
          c.agencyActor,
          c.contract.id,
          carol.id,
          kind,
          check(kind === 'criminal-record' ? 'basic-dbs' : undefined),
        );
      const gc = await grant(carol.id, vault.id, 'standard');
      const csv =
        'Full name,Work email,Job title,Start date,End date\nCarol Smith,carol.smith@agency.example,Platform engineer,2026-03-01,27/11/2026\n';
      const staged = await s.personnel.imports.preview(c.agencyActor, c.contract.id, {
        fileName: 'hr.csv',
        bytes: Buffer.from(csv),
      });
      await s.personnel.imports.apply(c.agencyActor, c.contract.id, staged.id);
      const imported = await s.accessGrants.get(c.contract.id, gc.id);
      expect(imported.revocation).toMatchObject({ cause: 'end-date', causeDate: '2026-11-27' });
      // Friday 27 November: due Monday 30 November.
      expect((await s.deadlines.get(imported.revocation!.deadlineId!)).dueDate).toBe('2026-11-30');
    });

    it('starts a clock when elevated access is no longer needed, and turns an access review’s removals into revocations', async () => {
      const { c, s, checked, crm, vault, grant } = await setUp();
      const admin = await grant(checked.id, crm.id, 'administrator');
      const standard = await grant(checked.id, vault.id, 'standard');
      await expect(s.accessGrants.notNeeded(c.agencyActor, c.contract.id, standard.id)).rejects.toThrow(ConflictError);
      const marked = await s.accessGrants.notNeeded(c.agencyActor, c.contract.id, admin.id);
      expect(marked.revocation).toMatchObject({ cause: 'not-needed', causeDate: '2026-11-30' });
      await expect(s.accessGrants.notNeeded(c.agencyActor, c.contract.id, admin.id)).rejects.toThrow(ConflictError);

      // The review lists only current grants, and must decide each.
      expect((await s.accessGrants.reviews.pending(c.contract.id)).map((g) => g.id)).toEqual([standard.id]);
      await expect(s.accessGrants.reviews.record(c.agencyActor, c.contract.id, {})).rejects.toThrow(ValidationError);
      const review = await s.accessGrants.reviews.record(c.agencyActor, c.contract.id, { [standard.id]: 'remove' });
      expect(review).toMatchObject({ confirmed: 0, removed: 1, reviewedBy: c.manager.id });
      expect((await s.accessGrants.get(c.contract.id, standard.id)).revocation).toMatchObject({ cause: 'review' });
      expect(await s.accessGrants.reviews.list(c.contract.id)).toHaveLength(1);
    });

    it('imports grants from an IAM export all or nothing, with an error per row', async () => {
      const { c, s, checked, unchecked } = await setUp();
      const header = 'UPN,Application,Access level,Business justification,Granted date\n';
      const bad =
        header +
        `alice.ng@agency.example,CRM,admin,Support,01/09/2026\n` +
        `bob.jones@agency.example,CRM,standard,Support,2026-09-01\n` +
        `nobody@agency.example,Nowhere,superuser,,9/31/2026\n`;
      const p1 = await s.accessGrants.imports.preview(c.agencyActor, c.contract.id, {
        fileName: 'iam.csv',
        bytes: Buffer.from(bad),
      });
      expect(p1.preview.added).toHaveLength(1);
      expect(p1.preview.errors.map((e) => e.line)).toEqual([3, 4]);
      expect(p1.preview.errors[0]!.messages.join(' ')).toContain(
        'missing: unspent criminal convictions, right to work',
      );
      expect(p1.preview.errors[1]!.messages.join(' ')).toMatch(
        /superuser.*Reason is empty.*US date.*No one .*nobody@agency.example.*no system called “Nowhere”/s,
      );
      await expect(s.accessGrants.imports.apply(c.agencyActor, c.contract.id, p1.id)).rejects.toThrow(ConflictError);
      expect(await s.accessGrants.list(c.contract.id)).toEqual([]);

      const wrong = await s.accessGrants.imports.preview(c.agencyActor, c.contract.id, {
        fileName: 'x.csv',
        bytes: Buffer.from('a,b\n1,2\n'),
      });
      expect(wrong.preview.fileErrors[0]).toContain(
        'has no Work email or Employee ID, System, Access level, Reason, Granted date column',
      );

      const good =
        header +
        `alice.ng@agency.example,CRM,admin,Support,01/09/2026\nALICE.NG@agency.example,key vault,Standard,Reads secrets,1 Sep 2026\n`;
      const p2 = await s.accessGrants.imports.preview(c.agencyActor, c.contract.id, {
        fileName: 'iam.csv',
        bytes: Buffer.from(good),
      });
      expect(p2.preview.errors).toEqual([]);
      expect(await s.accessGrants.imports.apply(c.agencyActor, c.contract.id, p2.id)).toEqual({
        fileName: 'iam.csv',
        added: 2,
        unchanged: 0,
      });
      const grants = await s.accessGrants.list(c.contract.id, { personId: checked.id });
      expect(grants.map((g) => [g.systemName, g.level, g.grantedOn, g.source])).toEqual([
        ['CRM', 'administrator', '2026-09-01', 'import'],
        ['Key vault', 'standard', '2026-09-01', 'import'],
      ]);
      // The same file again adds nothing; applying twice is refused.
      const p3 = await s.accessGrants.imports.preview(c.agencyActor, c.contract.id, {
        fileName: 'iam.csv',
        bytes: Buffer.from(good),
      });
      expect(p3.preview).toMatchObject({ added: [], unchanged: 2 });
      await expect(s.accessGrants.imports.apply(c.agencyActor, c.contract.id, p2.id)).rejects.toThrow(
        /no longer available/,
      );
      expect(unchecked.id).toBeTruthy();
    });
  });
}
