import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialectsUnderTest, createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { createAuditLog, type AuditLog } from '../audit-log/index.ts';
import {
  BankHolidaysFormatError,
  SHIPPED_BANK_HOLIDAYS,
  type BankHolidaysData,
} from '../../platform/calendar/index.ts';
import { ManualClock, NotFoundError, ValidationError, type Actor } from '../../platform/kernel/index.ts';
import { createCalendarService, type CalendarChange, type CalendarService } from './calendar.service.ts';
import type { CalendarTables } from './calendar.tables.ts';

const admin: Actor = {
  type: 'user',
  userId: '0190a0a0-0000-7000-8000-0000000000aa',
  organisationId: '0190a0a0-0000-7000-8000-0000000000bb',
  privileged: true,
};
const coronation = {
  date: '2030-06-04',
  title: 'Bank holiday for a coronation',
  divisions: ['england-and-wales', 'scotland'],
  reason: 'Proclaimed by the Privy Council',
};

/** A copy of the shipped data with 2029 published (one day different from the rule) and 2027 corrected. */
function newerCopy(): BankHolidaysData {
  const copy = structuredClone(SHIPPED_BANK_HOLIDAYS) as BankHolidaysData;
  for (const d of ['england-and-wales', 'scotland', 'northern-ireland'] as const) {
    copy[d].events.push(
      { title: 'New Year’s Day', date: '2029-01-01', notes: '', bunting: true },
      { title: 'Good Friday', date: '2029-03-30', notes: '', bunting: false },
    );
  }
  copy['england-and-wales'].events = copy['england-and-wales'].events.filter((e) => e.date !== '2027-08-30');
  return copy;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`calendar service (${dialect})`, () => {
    let db: TestDatabase;
    let audit: AuditLog;
    let clock: ManualClock;
    let service: CalendarService;
    const events = async (action: string) =>
      (await audit.listRecent({ action, limit: 50 })).map((e) => ({ ...e, details: JSON.parse(e.details) }));
    const versions = async () =>
      Number(
        (
          await db.db
            .selectFrom('calendar_versions')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    // A database per test: versions are numbered across the whole calendar history.
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      clock = new ManualClock(new Date('2026-11-30T09:00:00.000Z'));
      audit = createAuditLog({ uow: db.uow, clock });
      service = createCalendarService({ uow: db.uow, clock, audit });
    });
    afterEach(async () => db?.drop());

    /**
     * The calendar as its history leaves it at `version`: 1 the shipped snapshot, 2 the coronation holiday added,
     * 3 it removed again, 4 a newer GOV.UK copy imported, 5 a Northern Ireland holiday added by another process.
     */
    async function atVersion(version: 1 | 2 | 3 | 4 | 5) {
      await service.current();
      if (version >= 2) await service.addHoliday(coronation, admin);
      if (version >= 3) {
        const [holiday] = await service.oneOffHolidays();
        await service.removeHoliday({ holidayId: holiday!.id, reason: 'Added by mistake' }, admin);
      }
      if (version >= 4)
        await service.importGovUk(JSON.stringify(newerCopy()), admin, {
          source: 'https://www.gov.uk/bank-holidays.json',
        });
      if (version >= 5)
        await createCalendarService({ uow: db.uow, clock, audit }).addHoliday(
          { ...coronation, date: '2031-06-02', divisions: ['northern-ireland'] },
          admin,
        );
      expect(await service.version()).toBe(version);
    }

    it('records the shipped GOV.UK data as version 1 the first time it is used, once, audited', async () => {
      const cal = await service.current();
      expect(cal.version).toBe(1);
      expect(cal.workingDayDeadline({ from: '2026-11-30', workingDays: 20 }).dueDate).toBe('2026-12-30');
      expect(await service.current()).toBe(cal);
      expect(await service.version()).toBe(1);
      expect(await versions()).toBe(1);
      const [created] = await events('calendar.create');
      expect(created).toMatchObject({
        actor_id: 'system:calendar',
        resource_type: 'calendar',
        resource_id: '1',
        details: { version: 1, source: 'shipped snapshot' },
      });
      expect((await service.history())[0]).toMatchObject({
        version: 1,
        kind: 'initial',
        createdBy: 'system:calendar',
        changes: [],
      });
      expect(service.today()).toBe('2026-11-30');
    });

    it('adds a one-off holiday as a new version, with its audit event and listeners in the same transaction', async () => {
      await atVersion(1);
      const heard: { change: CalendarChange; inTransaction: boolean; count: number }[] = [];
      const stop = service.onChange(async (change) => {
        heard.push({
          change,
          inTransaction: db.uow.inTransaction,
          count: Number(
            (
              await db.uow
                .executor<CalendarTables>()
                .selectFrom('calendar_versions')
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        });
      });
      const added = await service.addHoliday(coronation, admin);
      stop();
      expect(added).toMatchObject({
        changed: true,
        version: 2,
        holiday: {
          date: '2030-06-04',
          divisions: ['england-and-wales', 'scotland'],
          reason: 'Proclaimed by the Privy Council',
          addedInVersion: 2,
        },
      });
      expect(added.changes.map((c) => `${c.change} ${c.division} ${c.date}`)).toEqual([
        'added england-and-wales 2030-06-04',
        'added scotland 2030-06-04',
      ]);
      const cal = await service.current();
      expect(cal.version).toBe(2);
      expect(cal.isWorkingDay('2030-06-04')).toBe(false);
      expect(cal.isWorkingDay('2030-06-04', 'northern-ireland')).toBe(true);
      expect(cal.holidayOn('2030-06-04')).toMatchObject({ source: 'proclamation', provisional: false });
      expect(heard).toHaveLength(1);
      expect(heard[0]).toMatchObject({
        inTransaction: true,
        count: 2,
        change: {
          kind: 'holiday-added',
          fromVersion: 1,
          toVersion: 2,
          affected: { from: '2030-06-04', to: '2030-06-04' },
          actor: admin,
        },
      });
      expect(heard[0]!.change.previous.isWorkingDay('2030-06-04')).toBe(true);
      const [event] = await events('calendar-holiday.create');
      expect(event).toMatchObject({
        actor_id: admin.type === 'user' ? admin.userId : '',
        resource_id: added.holiday.id,
        details: {
          version: 2,
          after: {
            date: '2030-06-04',
            title: 'Bank holiday for a coronation',
            divisions: ['england-and-wales', 'scotland'],
          },
        },
      });
      expect((await service.oneOffHolidays()).map((h) => h.id)).toEqual([added.holiday.id]);
    });

    it('refuses a one-off holiday on a weekend, on an existing holiday, or with fields missing, naming each field', async () => {
      await atVersion(2);
      const refused = async (input: unknown) => {
        const err = await service.addHoliday(input, admin).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ValidationError);
        return (err as ValidationError).fields;
      };
      expect(await refused({ ...coronation, date: '2030-05-04' })).toEqual({
        date: 'A one-off holiday must be on a weekday: Saturdays and Sundays are never Working Days',
      });
      expect(await refused({ ...coronation, date: '2026-12-25', divisions: 'england-and-wales' })).toEqual({
        date: 'Fri 25 Dec 2026 is already a holiday in England and Wales (Christmas Day)',
      });
      expect(await refused({ ...coronation, date: '2030-06-04' })).toEqual({
        date: 'Tue 4 Jun 2030 is already a holiday in England and Wales (Bank holiday for a coronation) and Scotland (Bank holiday for a coronation)',
      });
      expect(await refused({ date: '2030-02-30', title: ' ', divisions: ['wales'], reason: '' })).toEqual({
        date: 'Enter the date of the holiday as a real date, for example 8 5 2030',
        title: 'Enter the name of the holiday',
        divisions: 'Select where the holiday applies',
        reason: 'Enter why the holiday is being added',
      });
      expect(await refused({})).toMatchObject({ divisions: 'Select where the holiday applies' });
      expect(await versions()).toBe(2);
    });

    it('rolls the whole change back when a listener fails', async () => {
      await atVersion(2);
      const stop = service.onChange(async () => {
        throw new Error('deadlines could not be recomputed');
      });
      await expect(
        service.addHoliday({ ...coronation, date: '2030-06-05', title: 'Second day' }, admin),
      ).rejects.toThrow('deadlines could not be recomputed');
      stop();
      expect(await versions()).toBe(2);
      expect((await service.oneOffHolidays()).map((h) => h.title)).toEqual(['Bank holiday for a coronation']);
      expect((await service.current()).isWorkingDay('2030-06-05')).toBe(true);
      expect(await events('calendar-holiday.create')).toHaveLength(1);
    });

    it('removes only administrator-added holidays, as a new version with an audit event', async () => {
      await atVersion(2);
      await expect(service.removeHoliday({ holidayId: 'not-an-id' }, admin)).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        service.removeHoliday({ holidayId: '0190a0a0-0000-7000-8000-000000000000' }, admin),
      ).rejects.toBeInstanceOf(NotFoundError);
      const [holiday] = await service.oneOffHolidays();
      const removed = await service.removeHoliday({ holidayId: holiday!.id, reason: 'Added by mistake' }, admin);
      expect(removed).toMatchObject({ changed: true, version: 3, holiday: { id: holiday!.id } });
      expect(removed.changes.map((c) => c.change)).toEqual(['removed', 'removed']);
      expect((await service.current()).isWorkingDay('2030-06-04')).toBe(true);
      expect(await service.oneOffHolidays()).toEqual([]);
      const [event] = await events('calendar-holiday.delete');
      expect(event).toMatchObject({
        resource_id: holiday!.id,
        details: { version: 3, reason: 'Added by mistake', before: { date: '2030-06-04' } },
      });
      await expect(service.removeHoliday({ holidayId: holiday!.id }, admin)).rejects.toBeInstanceOf(NotFoundError);
      const row = await db.db
        .selectFrom('calendar_proclamations')
        .selectAll()
        .where('id', '=', holiday!.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ removed_reason: 'Added by mistake', removed_in_version: 3 });
    });

    it('imports a newer GOV.UK copy: records what changed, confirms published years, and ignores a copy it already has', async () => {
      await atVersion(3);
      const before = await service.current();
      expect(before.holidayOn('2029-01-01')).toMatchObject({ provisional: true });
      const heard: CalendarChange[] = [];
      const stop = service.onChange(async (c) => void heard.push(c));
      const result = await service.importGovUk(JSON.stringify(newerCopy()), admin, {
        source: 'https://www.gov.uk/bank-holidays.json',
      });
      expect(result).toMatchObject({ changed: true, version: 4 });
      const ew = result.changes.filter((c) => c.division === 'england-and-wales');
      expect(ew.find((c) => c.date === '2027-08-30')).toMatchObject({
        change: 'removed',
        before: { title: 'Summer bank holiday', source: 'gov-uk' },
      });
      expect(ew.find((c) => c.date === '2029-01-01')).toMatchObject({
        change: 'changed',
        before: { source: 'rule' },
        after: { source: 'gov-uk' },
      });
      // 2029 is now published with only two days: the rest of the rule's days are gone.
      expect(ew.find((c) => c.date === '2029-12-25')).toMatchObject({ change: 'removed' });
      const cal = await service.current();
      expect(cal.isProvisionalYear(2029)).toBe(false);
      expect(cal.isWorkingDay('2027-08-30')).toBe(true);
      expect(cal.isWorkingDay('2018-12-25')).toBe(false);
      expect(heard[0]).toMatchObject({
        kind: 'import',
        fromVersion: 3,
        toVersion: 4,
        affected: { from: '2027-08-30', to: '2029-12-26' },
      });
      stop();
      const [event] = await events('calendar.update');
      expect(event).toMatchObject({
        resource_id: '4',
        details: {
          version: 4,
          source: 'https://www.gov.uk/bank-holidays.json',
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      });
      expect(event!.details.changes).toContain('removed england-and-wales 2027-08-30: Summer bank holiday');

      expect(await service.importGovUk(newerCopy(), admin)).toMatchObject({ changed: false, version: 4, changes: [] });
      expect(await versions()).toBe(4);
    });

    it('refuses data that is not GOV.UK’s format and changes nothing', async () => {
      await atVersion(4);
      const err = await service
        .importGovUk('{"england-and-wales": {"division": "england-and-wales", "events": []}}', admin)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BankHolidaysFormatError);
      expect((err as BankHolidaysFormatError).problems).toEqual([
        'england-and-wales.events must list at least one holiday',
        'scotland is missing',
        'northern-ireland is missing',
      ]);
      await expect(service.importGovUk('not json', admin)).rejects.toThrow(ValidationError);
      expect(await versions()).toBe(4);
    });

    it('sees changes made by another process at once, and works inside a caller’s transaction', async () => {
      await atVersion(4);
      const other = createCalendarService({ uow: db.uow, clock, audit });
      expect((await other.current()).version).toBe(4);
      await other.addHoliday({ ...coronation, date: '2031-06-02', divisions: ['northern-ireland'] }, admin);
      expect((await service.current()).version).toBe(5);
      const inside = await db.uow.transaction(async () =>
        (await service.current()).isWorkingDay('2031-06-02', 'northern-ireland'),
      );
      expect(inside).toBe(false);
    });

    it('records a newer shipped snapshot after an upgrade, with what changed, once', async () => {
      await atVersion(5);
      const shipped = structuredClone(SHIPPED_BANK_HOLIDAYS) as BankHolidaysData;
      shipped.scotland.events.push(
        { title: 'New Year’s Day', date: '2029-01-01', notes: '', bunting: true },
        { title: '2nd January', date: '2029-01-02', notes: '', bunting: true },
        { title: 'Extra day', date: '2029-01-03', notes: '', bunting: true },
      );
      const upgraded = createCalendarService({ uow: db.uow, clock, audit, snapshot: shipped });
      const cal = await upgraded.current();
      expect(cal.version).toBe(6);
      expect(cal.isWorkingDay('2029-01-03', 'scotland')).toBe(false);
      const [latest] = await upgraded.history(1);
      expect(latest).toMatchObject({ kind: 'snapshot', createdBy: 'system:calendar' });
      expect(latest!.changes.map((c) => `${c.change} ${c.division} ${c.date}`)).toContain('added scotland 2029-01-03');
      expect((await upgraded.current()).version).toBe(6);
      expect((await createCalendarService({ uow: db.uow, clock, audit, snapshot: shipped }).current()).version).toBe(6);
      // The earlier snapshot is already recorded: the old build does not record it again.
      expect((await createCalendarService({ uow: db.uow, clock, audit }).current()).version).toBe(6);
      expect((await events('calendar.update')).map((e) => e.actor_id)).toContain('system:calendar');
    });

    it('numbers concurrent changes from two processes one after the other, losing neither', async () => {
      const [a, b] = [
        createCalendarService({ uow: db.uow, clock, audit }),
        createCalendarService({ uow: db.uow, clock, audit }),
      ];
      const start = await a.version();
      const results = await Promise.all([
        a.addHoliday({ ...coronation, date: '2032-06-01', title: 'First', divisions: ['scotland'] }, admin),
        b.addHoliday({ ...coronation, date: '2032-06-02', title: 'Second', divisions: ['scotland'] }, admin),
      ]);
      expect(results.map((r) => r.version).sort()).toEqual([start + 1, start + 2]);
      const cal = await service.current();
      expect(cal.version).toBe(start + 2);
      expect([cal.isWorkingDay('2032-06-01', 'scotland'), cal.isWorkingDay('2032-06-02', 'scotland')]).toEqual([
        false,
        false,
      ]);
    });

    it('records the snapshot once when two processes first use the calendar at the same moment', async () => {
      const fresh = await createTestDatabase(dialect);
      try {
        const freshAudit = createAuditLog({ uow: fresh.uow, clock });
        const both = await Promise.all([
          createCalendarService({ uow: fresh.uow, clock, audit: freshAudit }).current(),
          createCalendarService({ uow: fresh.uow, clock, audit: freshAudit }).current(),
        ]);
        expect(both.map((c) => c.version)).toEqual([1, 1]);
        expect(await fresh.db.selectFrom('calendar_imports').select('version').execute()).toEqual([{ version: 1 }]);
      } finally {
        await fresh.drop();
      }
    });

    it('records the snapshot inside a caller’s transaction on a fresh database, and keeps nothing if that transaction fails', async () => {
      const fresh = await createTestDatabase(dialect);
      try {
        const s = createCalendarService({ uow: fresh.uow, clock, audit: createAuditLog({ uow: fresh.uow, clock }) });
        await expect(
          fresh.uow.transaction(async () => {
            expect((await s.current()).version).toBe(1);
            throw new Error('the caller gives up');
          }),
        ).rejects.toThrow('the caller gives up');
        expect(await fresh.db.selectFrom('calendar_versions').selectAll().execute()).toEqual([]);
        expect((await s.current()).version).toBe(1);
        expect(await s.version()).toBe(1);
      } finally {
        await fresh.drop();
      }
    });
  });
}
