import type { AuditEventInput, AuditLog } from '../audit-log/index.ts';
import {
  affectedRange,
  civilDateInLondon,
  createCalendar,
  diffCalendars,
  DIVISION_LABELS,
  fingerprintBankHolidays,
  formatLong,
  isDivision,
  isWeekend,
  joinList,
  mergeBankHolidays,
  parseBankHolidays,
  SHIPPED_BANK_HOLIDAYS,
  summariseChanges,
  type BankHolidaysData,
  type CivilDate,
  type HolidayChange,
  type HolidaySet,
  type WorkingDayCalendar,
} from '../../platform/calendar/index.ts';
import type { CalendarTables, CalendarVersionKind } from './calendar.tables.ts';
import { fromJson, toJson, uniqueViolation, type UnitOfWork } from '../../platform/db/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  iso,
  newId,
  NotFoundError,
  systemActor,
  UUID_PATTERN,
  ValidationError,
  type Actor,
  type Clock,
  actorId,
} from '../../platform/kernel/index.ts';
import { calendarRepository, type ProclamationRow } from './calendar.repository.ts';
import { addHolidayInput, removeHolidayInput, type CalendarVersion, type OneOffHoliday } from './calendar.schemas.ts';

/** What a listener hears when the calendar changes. */
export interface CalendarChange {
  kind: CalendarVersionKind;
  fromVersion: number;
  toVersion: number;
  previous: WorkingDayCalendar;
  calendar: WorkingDayCalendar;
  /** Every holiday added, removed or changed (renamed, or a provisional day now published), by division and date. */
  changes: HolidayChange[];
  /** The first and last day the changes touch: deadlines whose counted days miss it are unaffected. */
  affected: { from: CivilDate; to: CivilDate } | null;
  actor: Actor;
}

/**
 * Runs inside the transaction that changes the calendar, after the new version, its data and its
 * audit event are written: what the listener writes commits with the change, and if it throws, the
 * change is rolled back and the caller sees the error. Only called when some holiday changed.
 */
export type CalendarChangeListener = (change: CalendarChange) => Promise<void>;

export interface ChangeResult {
  /** False when the data matched the calendar already: nothing was written. */
  changed: boolean;
  version: number;
  changes: HolidayChange[];
  summary: string;
}

export type CalendarService = ReturnType<typeof createCalendarService>;

const SNAPSHOT_ACTOR = systemActor('calendar');
const MAX_AUDITED_CHANGES = 50;

interface State {
  version: number;
  sources: HolidaySet;
  calendar: WorkingDayCalendar;
}

interface Plan {
  kind: CalendarVersionKind;
  next: HolidaySet;
  /** Writes the rows of the change (a loaded copy, a holiday), naming the new version. */
  write(version: number): Promise<void>;
  summary(changes: HolidayChange[]): string;
  audit(version: number, changes: HolidayChange[], summary: string): Omit<AuditEventInput, 'actor'>;
  /** Nothing is recorded when no holiday changes (a copy of data already loaded). */
  skipIfUnchanged?: boolean;
}

const toOneOff = (r: ProclamationRow): OneOffHoliday => ({
  id: r.id,
  date: r.holiday_date,
  title: r.title,
  divisions: fromJson<string[]>(r.divisions).filter(isDivision),
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: r.created_at,
  addedInVersion: r.added_in_version,
});

const changeLine = (c: HolidayChange) => `${c.change} ${c.division} ${c.date}: ${(c.after ?? c.before)?.title ?? ''}`;

/**
 * The Working-Day calendar as stored: the shipped GOV.UK snapshot (recorded as version 1 the first
 * time the calendar is used, and again whenever an upgrade ships a different one), copies loaded
 * since, laid over each other oldest first a year at a time, and administrators' one-off holidays.
 * Every change is a new version with its audit event in the same transaction.
 */
export function createCalendarService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  snapshot?: BankHolidaysData;
}) {
  const { uow, clock, audit } = deps;
  const repo = calendarRepository(uow.tables<CalendarTables>());
  const snapshot = deps.snapshot ?? SHIPPED_BANK_HOLIDAYS;
  const snapshotSha = fingerprintBankHolidays(snapshot);
  const listeners = new Set<CalendarChangeListener>();
  let cache: { version: number; calendar: WorkingDayCalendar } | undefined;
  let snapshotRecorded = false;

  async function loadState(): Promise<State> {
    const version = await repo.latestVersion();
    const copies = (await repo.imports()).map((i) => parseBankHolidays(i.data, 'stored'));
    const govUk = copies.length ? copies.reduce((acc, copy) => mergeBankHolidays(acc, copy)) : snapshot;
    const proclamations = (await repo.activeProclamations())
      .map(toOneOff)
      .map((p) => ({ date: p.date, title: p.title, divisions: p.divisions }));
    const sources = { govUk, proclamations };
    return { version, sources, calendar: createCalendar({ holidays: sources, version }) };
  }

  /** Runs one change in its own transaction (retried if another process took the version number), or in the caller's. */
  async function commit(
    actor: Actor,
    plan: (state: State) => Promise<Plan>,
  ): Promise<ChangeResult & { calendar: WorkingDayCalendar }> {
    const run = async () => {
      const before = await loadState();
      const p = await plan(before);
      const version = before.version + 1;
      const calendar = createCalendar({ holidays: p.next, version });
      const changes = p.kind === 'initial' ? [] : diffCalendars(before.calendar, calendar);
      if (p.skipIfUnchanged && changes.length === 0)
        return { changed: false, version: before.version, changes, summary: 'no change', calendar: before.calendar };
      const summary = p.summary(changes);
      await repo.insertVersion({
        version,
        kind: p.kind,
        summary: summary.slice(0, 500),
        changes: toJson(changes),
        created_by: actorId(actor),
        created_at: iso(clock.now()),
      });
      await p.write(version);
      await audit.record({ actor, ...p.audit(version, changes, summary) });
      if (changes.length > 0) {
        const change: CalendarChange = {
          kind: p.kind,
          fromVersion: before.version,
          toVersion: version,
          previous: before.calendar,
          calendar,
          changes,
          affected: affectedRange(changes),
          actor,
        };
        for (const listener of listeners) await listener(change);
      }
      return { changed: true, version, changes, summary, calendar };
    };
    // Inside the caller's transaction it runs once: a retry would need a transaction of its own.
    if (uow.inTransaction) return run();
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await uow.transaction(run);
        if (result.changed) cache = { version: result.version, calendar: result.calendar };
        return result;
      } catch (err) {
        if (!uniqueViolation(err) || attempt >= 3) throw err;
      }
    }
  }

  /** Records the shipped snapshot the first time this database sees it (version 1, or a new version after an upgrade). */
  async function ensureSnapshot(): Promise<void> {
    if (snapshotRecorded && !uow.inTransaction) return;
    if (!(await repo.hasImport(snapshotSha))) {
      await commit(SNAPSHOT_ACTOR, async (state) => {
        const first = state.version === 0;
        // Another process may have recorded it since we looked: then there is nothing to do.
        if (await repo.hasImport(snapshotSha))
          return {
            kind: 'snapshot',
            skipIfUnchanged: true,
            next: state.sources,
            write: async () => {},
            summary: () => '',
            audit: () => ({ action: 'calendar.update' }),
          };
        return {
          kind: first ? 'initial' : 'snapshot',
          next: { ...state.sources, govUk: first ? snapshot : mergeBankHolidays(state.sources.govUk, snapshot) },
          write: (version) =>
            repo.insertImport({
              id: newId(),
              version,
              source: 'shipped snapshot',
              sha256: snapshotSha,
              data: JSON.stringify(snapshot),
              created_by: actorId(SNAPSHOT_ACTOR),
              created_at: iso(clock.now()),
            }),
          summary: (changes) =>
            first
              ? 'The GOV.UK bank holidays shipped with Custodian were loaded'
              : `Newer GOV.UK bank holidays shipped with Custodian were loaded: ${summariseChanges(changes)}`,
          audit: (version, changes, summary) => ({
            action: first ? 'calendar.create' : 'calendar.update',
            resource: { type: 'calendar', id: String(version) },
            details: {
              version,
              source: 'shipped snapshot',
              sha256: snapshotSha,
              summary,
              changes: changes.slice(0, MAX_AUDITED_CHANGES).map(changeLine),
            },
          }),
        };
      });
    }
    if (!uow.inTransaction) snapshotRecorded = true;
  }

  /**
   * The calendar at the current version. Cached: one small query per call checks the version, so a
   * change made by another process is seen at once. Inside a transaction it reads what the transaction sees.
   */
  async function current(): Promise<WorkingDayCalendar> {
    await ensureSnapshot();
    const latest = await repo.latestVersion();
    if (cache && cache.version === latest) return cache.calendar;
    const state = await loadState();
    if (!uow.inTransaction) cache = { version: state.version, calendar: state.calendar };
    return state.calendar;
  }

  return {
    current,
    /** Today's civil date in London, by the app clock. */
    today: (): CivilDate => civilDateInLondon(clock.now()),
    /** The current calendar version (stored deadlines record it). */
    async version(): Promise<number> {
      await ensureSnapshot();
      return repo.latestVersion();
    },

    /** Recent versions, newest first, with what each changed. */
    async history(limit = 20): Promise<CalendarVersion[]> {
      await ensureSnapshot();
      return (await repo.versions(Math.min(Math.max(1, limit), 200))).map((r) => ({
        version: r.version,
        kind: r.kind,
        summary: r.summary,
        changes: fromJson<HolidayChange[]>(r.changes),
        createdBy: r.created_by,
        createdAt: r.created_at,
      }));
    },

    /** One-off holidays in force, by date. */
    async oneOffHolidays(): Promise<OneOffHoliday[]> {
      return (await repo.activeProclamations()).map(toOneOff);
    },

    /**
     * Loads a copy of GOV.UK's bank-holidays.json (text or parsed JSON): checks it, lays it over the
     * data already loaded (a whole year at a time), and records a new version with what changed.
     * A copy that changes no holiday records nothing.
     */
    async importGovUk(json: unknown, actor: Actor, opts: { source?: string } = {}): Promise<ChangeResult> {
      const text = typeof json === 'string' ? json : JSON.stringify(json ?? null);
      const data = parseBankHolidays(text, 'json');
      await ensureSnapshot();
      const source = (opts.source?.trim() || 'loaded by hand').slice(0, 500);
      const sha256 = fingerprintBankHolidays(data);
      const { calendar: _calendar, ...result } = await commit(actor, async (state) => ({
        kind: 'import',
        skipIfUnchanged: true,
        next: { ...state.sources, govUk: mergeBankHolidays(state.sources.govUk, data) },
        write: (version) =>
          repo.insertImport({
            id: newId(),
            version,
            source,
            sha256,
            data: JSON.stringify(data),
            created_by: actorId(actor),
            created_at: iso(clock.now()),
          }),
        summary: (changes) => `GOV.UK bank holidays loaded from ${source}: ${summariseChanges(changes)}`,
        audit: (version, changes, summary) => ({
          action: 'calendar.update',
          resource: { type: 'calendar', id: String(version) },
          details: { version, source, sha256, summary, changes: changes.slice(0, MAX_AUDITED_CHANGES).map(changeLine) },
        }),
      }));
      return result;
    },

    /** Adds a one-off holiday (a proclamation) in the divisions named: a new version, audited. */
    async addHoliday(input: unknown, actor: Actor): Promise<ChangeResult & { holiday: OneOffHoliday }> {
      const data = parseInput(addHolidayInput, input);
      await ensureSnapshot();
      const id = newId();
      const now = iso(clock.now());
      const { calendar: _calendar, ...result } = await commit(actor, async (state) => {
        const where = joinList(data.divisions.map((d) => DIVISION_LABELS[d]));
        if (isWeekend(data.date))
          throw new ValidationError({
            date: 'A one-off holiday must be on a weekday: Saturdays and Sundays are never Working Days',
          });
        const taken = data.divisions.map((d) => ({ d, h: state.calendar.holidayOn(data.date, d) })).filter((x) => x.h);
        if (taken.length === data.divisions.length) {
          throw new ValidationError({
            date: `${formatLong(data.date)} is already a holiday in ${joinList(taken.map((x) => `${DIVISION_LABELS[x.d]} (${x.h!.title})`))}`,
          });
        }
        return {
          kind: 'holiday-added',
          next: {
            ...state.sources,
            proclamations: [
              ...(state.sources.proclamations ?? []),
              { date: data.date, title: data.title, divisions: data.divisions },
            ],
          },
          write: (version) =>
            repo.insertProclamation({
              id,
              holiday_date: data.date,
              title: data.title,
              divisions: toJson(data.divisions),
              reason: data.reason,
              created_by: actorId(actor),
              created_at: now,
              added_in_version: version,
              removed_at: null,
              removed_by: null,
              removed_reason: null,
              removed_in_version: null,
            }),
          summary: () => `One-off holiday added: ${data.title} on ${formatLong(data.date)} in ${where}`,
          audit: (version) => ({
            action: 'calendar-holiday.create',
            resource: { type: 'calendar-holiday', id },
            details: {
              version,
              after: { date: data.date, title: data.title, divisions: data.divisions, reason: data.reason },
            },
          }),
        };
      });
      return {
        ...result,
        holiday: {
          id,
          date: data.date,
          title: data.title,
          divisions: data.divisions,
          reason: data.reason,
          createdBy: actorId(actor),
          createdAt: now,
          addedInVersion: result.version,
        },
      };
    },

    /** Removes a one-off holiday an administrator added (GOV.UK's holidays cannot be removed): a new version, audited. */
    async removeHoliday(input: unknown, actor: Actor): Promise<ChangeResult & { holiday: OneOffHoliday }> {
      const data = parseInput(removeHolidayInput, input);
      if (!UUID_PATTERN.test(data.holidayId)) throw new NotFoundError('The one-off holiday');
      await ensureSnapshot();
      let removed: OneOffHoliday | undefined;
      const { calendar: _calendar, ...result } = await commit(actor, async (state) => {
        const row = await repo.findProclamation(data.holidayId);
        if (!row || row.removed_at) throw new NotFoundError('The one-off holiday');
        const holiday = toOneOff(row);
        removed = holiday;
        const remaining = (await repo.activeProclamations()).filter((r) => r.id !== row.id).map(toOneOff);
        return {
          kind: 'holiday-removed',
          next: {
            ...state.sources,
            proclamations: remaining.map((p) => ({ date: p.date, title: p.title, divisions: p.divisions })),
          },
          write: async (version) => {
            const n = await repo.markRemoved(row.id, {
              removed_at: iso(clock.now()),
              removed_by: actorId(actor),
              removed_reason: data.reason || null,
              removed_in_version: version,
            });
            if (n !== 1) throw new NotFoundError('The one-off holiday');
          },
          summary: () => `One-off holiday removed: ${holiday.title} on ${formatLong(holiday.date)}`,
          audit: (version) => ({
            action: 'calendar-holiday.delete',
            resource: { type: 'calendar-holiday', id: row.id },
            details: {
              version,
              before: {
                date: holiday.date,
                title: holiday.title,
                divisions: holiday.divisions,
                reason: holiday.reason,
              },
              reason: data.reason,
            },
          }),
        };
      });
      return { ...result, holiday: removed! };
    },

    /** Subscribes to calendar changes (see CalendarChangeListener); returns the unsubscribe function. */
    onChange(listener: CalendarChangeListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
