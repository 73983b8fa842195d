import type { AuditLog } from '../audit-log/index.ts';
import type { DeadlinesService } from '../deadlines/index.ts';
import type { PersonnelService } from '../personnel/index.ts';
import { addMonthsClamped } from '../../platform/calendar/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import {
  actorId,
  ConflictError,
  iso,
  newId,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { isLevel, LEVEL_LABELS, satisfies, type Level } from './clearance-levels.ts';
import { createClearanceClocks } from './clearance-clocks.ts';
import type { ClearanceRow, ClearancesRepository } from './clearances.repository.ts';
import { clearanceInput, endInput, renewInput, type Clearance, type ClearanceStatus } from './clearances.schemas.ts';
import type { createPeriods } from './periods.service.ts';

/** A stored row as the pages and the API see it, "expired" worked out on `today`. */
export const toClearance = (r: ClearanceRow, today: string): Clearance => ({
  id: r.id,
  contractId: r.contract_id,
  personId: r.person_id,
  level: r.level as Level,
  sponsor: r.sponsor,
  grantedOn: r.granted_on,
  expiresOn: r.expires_on,
  status: (r.status === 'active' && r.expires_on !== null && r.expires_on <= today
    ? 'expired'
    : r.status) as ClearanceStatus,
  endedOn: r.ended_on,
  endedReason: r.ended_reason,
  renewals: r.renewals,
  recordedAt: r.recorded_at,
  updatedAt: r.updated_at,
});

/** Whether a clearance is held on a day: granted by then, not ended, and its review or expiry date not reached. */
const heldOn = (r: ClearanceRow, day: string) =>
  r.status === 'active' && r.granted_on <= day && (r.expires_on === null || day < r.expires_on);

/**
 * The clearances Agency Staff hold (annex 6.2): recorded, renewed, withdrawn or lapsed by the Agency
 * security manager; read by the Client. Each clearance with a review or expiry date has a clock in
 * the deadlines module, owed by the Agency and due on that date, which reminds as every clock does
 * and is met when the clearance is renewed.
 */
export function createPersonClearances(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  repo: ClearancesRepository;
  personnel: Pick<PersonnelService, 'get' | 'today'>;
  deadlines: Pick<DeadlinesService, 'create' | 'meet' | 'stop' | 'outstandingFor'>;
  periods: ReturnType<typeof createPeriods>;
}) {
  const { uow, clock, audit, repo, personnel, periods } = deps;
  const clocks = createClearanceClocks(deps.deadlines);

  async function get(contractId: string, personId: string, id: string): Promise<ClearanceRow> {
    const row = await repo.find(contractId, id);
    if (!row || row.person_id !== personId) throw new NotFoundError('The clearance');
    return row;
  }

  /** The date given, or the granted date plus the contract's period for the level (none: no date). */
  async function expiryOf(contractId: string, level: Level, grantedOn: string, given: string | null) {
    if (given) {
      if (given <= grantedOn)
        throw new ValidationError({ expiresOn: 'The review or expiry date must be after the date it was granted' });
      return given;
    }
    const { years } = await periods.inForce(contractId, level);
    return years === null ? null : addMonthsClamped(grantedOn, years * 12).date;
  }

  const notFuture = (field: string, day: string, label: string) => {
    if (day > personnel.today()) throw new ValidationError({ [field]: `${label} must be today or in the past` });
  };

  return {
    /** A person's clearances, the latest granted first. */
    async ofPerson(contractId: string, personId: string): Promise<Clearance[]> {
      await personnel.get(contractId, personId);
      const today = personnel.today();
      return (await repo.ofPerson(contractId, personId)).map((r) => toClearance(r, today));
    },
    async get(contractId: string, personId: string, id: string): Promise<Clearance> {
      return toClearance(await get(contractId, personId, id), personnel.today());
    },
    /**
     * Whether the person holds `level` (or one that satisfies it, see clearance-levels.ts) on the day:
     * an active clearance granted by then whose review or expiry date has not come.
     */
    async holdsClearance(contractId: string, personId: string, level: Level | 'none', onDate: string) {
      if (level === 'none') return true;
      const rows = await repo.ofPerson(contractId, personId);
      return rows.some((r) => isLevel(r.level) && satisfies(r.level, level) && heldOn(r, onDate));
    },
    async record(actor: Actor, contractId: string, personId: string, input: unknown): Promise<Clearance> {
      const data = parseInput(clearanceInput, input);
      notFuture('grantedOn', data.grantedOn, 'The date it was granted');
      return uow.transaction(async () => {
        const person = await personnel.get(contractId, personId);
        const expiresOn = await expiryOf(contractId, data.level, data.grantedOn, data.expiresOn);
        const at = iso(clock.now());
        const by = actorId(actor);
        const row: ClearanceRow = {
          id: newId(),
          contract_id: contractId,
          person_id: personId,
          level: data.level,
          sponsor: data.sponsor,
          granted_on: data.grantedOn,
          expires_on: expiresOn,
          status: 'active',
          ended_reason: null,
          ended_on: null,
          renewals: 0,
          recorded_at: at,
          recorded_by: by,
          updated_at: at,
          updated_by: by,
        };
        await repo.insert(row);
        await audit.record({
          actor,
          action: 'clearance.record',
          contractId,
          resource: { type: 'person', id: personId },
          details: {
            clearanceId: row.id,
            after: { level: data.level, sponsor: data.sponsor, grantedOn: data.grantedOn, expiresOn },
          },
        });
        await clocks.start(actor, contractId, row, person.name, personnel.today());
        return toClearance(row, personnel.today());
      });
    },
    /** A renewal (or review) recorded: new dates; the old clock is met and a new one started. */
    async renew(actor: Actor, contractId: string, personId: string, id: string, input: unknown) {
      const data = parseInput(renewInput, input);
      notFuture('grantedOn', data.grantedOn, 'The date it was renewed');
      return uow.transaction(async () => {
        const person = await personnel.get(contractId, personId);
        const before = await get(contractId, personId, id);
        if (before.status !== 'active')
          throw new ConflictError('clearance_ended', `This clearance is ${before.status}: record a new one instead`);
        if (data.grantedOn < before.granted_on)
          throw new ValidationError({ grantedOn: 'The renewal cannot be before the date it was first granted' });
        const expiresOn = await expiryOf(contractId, before.level as Level, data.grantedOn, data.expiresOn);
        const at = iso(clock.now());
        const patch = {
          granted_on: data.grantedOn,
          expires_on: expiresOn,
          renewals: before.renewals + 1,
          updated_at: at,
          updated_by: actorId(actor),
        };
        if (!(await repo.updateActive(id, patch)))
          throw new ConflictError('clearance_ended', 'This clearance was ended meanwhile: record a new one instead');
        await audit.record({
          actor,
          action: 'clearance.renew',
          contractId,
          resource: { type: 'person', id: personId },
          details: {
            clearanceId: id,
            level: before.level,
            before: { grantedOn: before.granted_on, expiresOn: before.expires_on },
            after: { grantedOn: data.grantedOn, expiresOn },
          },
        });
        const after = { ...before, ...patch };
        await clocks.renewed(actor, contractId, after, person.name, personnel.today());
        return toClearance(after, personnel.today());
      });
    },
    /** Withdrawn by the vetting authority or sponsor, or lapsed: kept, and its clock stopped. */
    async end(actor: Actor, contractId: string, personId: string, id: string, input: unknown) {
      const data = parseInput(endInput, input);
      notFuture('endedOn', data.endedOn, 'The date');
      return uow.transaction(async () => {
        const before = await get(contractId, personId, id);
        if (data.endedOn < before.granted_on)
          throw new ValidationError({ endedOn: 'The date cannot be before the date it was granted' });
        const at = iso(clock.now());
        const patch = {
          status: data.status,
          ended_on: data.endedOn,
          ended_reason: data.reason,
          updated_at: at,
          updated_by: actorId(actor),
        };
        if (!(await repo.updateActive(id, patch)))
          throw new ConflictError('clearance_ended', `This clearance is already ${before.status}`);
        await audit.record({
          actor,
          action: 'clearance.end',
          contractId,
          resource: { type: 'person', id: personId },
          details: {
            clearanceId: id,
            level: before.level,
            before: { status: 'active' },
            after: { status: data.status, endedOn: data.endedOn },
            reason: data.reason,
          },
        });
        await clocks.stop(actor, contractId, id, `The ${LEVEL_LABELS[before.level as Level]} clearance ${data.status}`);
        return toClearance({ ...before, ...patch }, personnel.today());
      });
    },
  };
}

export type PersonClearances = ReturnType<typeof createPersonClearances>;
