import type { AuditLog } from '../audit-log/index.ts';
import type { CalendarChange, CalendarService } from '../calendar/index.ts';
import type { Contract } from '../contracts/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import { civilDateInLondon } from '../../platform/calendar/index.ts';
import { clockOf } from './deadline-clock.ts';
import { createContractFollower } from './deadline-moves.ts';
import type { DeadlineStatus } from './deadlines.tables.ts';
import { fromFlag, toFlag, type UnitOfWork } from '../../platform/db/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  ConflictError,
  iso,
  newId,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
  actorId,
} from '../../platform/kernel/index.ts';
import { deadlinesRepository, type DeadlineRow } from './deadlines.repository.ts';
import {
  createDeadlineInput,
  meetInput,
  waiveInput,
  type CreateDeadlineInput,
  type Deadline,
} from './deadlines.schemas.ts';

export const toDeadline = (r: DeadlineRow, now: string): Deadline => ({
  id: r.id,
  contractId: r.contract_id,
  kind: r.kind,
  clause: r.clause,
  title: r.title,
  ownerParty: r.owner_party,
  ownerUserId: r.owner_user_id,
  escalationUserId: r.escalation_user_id,
  subject: r.subject_type && r.subject_id ? { type: r.subject_type, id: r.subject_id } : null,
  belongsTo:
    r.belongs_to_type && r.belongs_to_id && r.belongs_to_label && r.belongs_to_link
      ? {
          type: r.belongs_to_type as 'smp-version' | 'variation',
          id: r.belongs_to_id,
          label: r.belongs_to_label,
          link: r.belongs_to_link,
        }
      : null,
  trigger: { label: r.trigger_label, date: r.trigger_date },
  rule: { kind: r.rule_kind, count: r.rule_count },
  division: r.division,
  dueDate: r.due_date,
  dueAt: r.due_at,
  explanation: r.explanation,
  provisional: fromFlag(r.provisional),
  calendarVersion: r.calendar_version,
  status: r.status,
  overdue: (r.status === 'open' || r.status === 'missed') && r.met_at === null && r.due_at < now,
  metAt: r.met_at,
  metBy: r.met_by,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  closedReason: r.closed_reason,
  supersededBy: r.superseded_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  revision: r.revision,
});

/** Overdue first (most overdue first), then the rest by due time; closed ones last. */
export function byUrgency(a: Deadline, b: Deadline): number {
  const rank = (d: Deadline) => (d.overdue ? 0 : d.status === 'open' ? 1 : 2);
  return rank(a) - rank(b) || a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id);
}

export interface DeadlinesDeps {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  calendar: CalendarService;
  contracts: {
    get(id: string): Promise<Contract>;
    rolesOn(userId: string, contractId: string): Promise<string[]>;
  };
  notifications: NotificationsService;
}

export type DeadlinesService = ReturnType<typeof createDeadlinesService>;

/**
 * Deadlines: the contract's clocks as stored obligations. Other modules create, meet, supersede and
 * waive them only through this service; each change commits with its audit event (and any
 * notification it causes) in one transaction. Met, missed, waived and superseded deadlines are
 * never recomputed: only open ones move when the calendar changes.
 */
export function createDeadlinesService(deps: DeadlinesDeps) {
  const { uow, clock, audit, calendar } = deps;
  const repo = deadlinesRepository(uow);
  const now = () => iso(clock.now());
  const follower = createContractFollower({ repo, audit, calendar, clock });
  const sweeps: (() => Promise<unknown>)[] = [];

  async function load(id: string): Promise<DeadlineRow> {
    const row = await repo.find(id);
    if (!row) throw new NotFoundError('The deadline');
    return row;
  }

  /** Which party an actor speaks for on a contract: a system administrator for both. */
  async function partiesOf(actor: Actor, contractId: string): Promise<Set<'agency' | 'client'>> {
    if (actor.type === 'system' || (actor.type === 'user' && actor.privileged)) return new Set(['agency', 'client']);
    const roles =
      actor.type === 'user'
        ? await deps.contracts.rolesOn(actor.userId, contractId)
        : actor.type === 'token'
          ? [actor.role]
          : [];
    const out = new Set<'agency' | 'client'>();
    if (roles.includes('agency-security-manager')) out.add('agency');
    if (roles.includes('client-representative')) out.add('client');
    return out;
  }

  /**
   * People may mark met only deadlines they added by hand (a module meets its own when the work is
   * done), and only for the party that owes them; they may waive only what is owed to their party.
   */
  async function assertMay(actor: Actor, row: DeadlineRow, action: 'meet' | 'waive'): Promise<void> {
    const parties = await partiesOf(actor, row.contract_id);
    if (action === 'meet' && row.kind !== 'custom')
      throw new ConflictError('deadline_tracked', 'Custodian marks this deadline met itself when the work is done');
    // A joint target is owed by both parties to each other: either may say it is met, neither alone may waive it.
    if (row.owner_party === 'both') {
      if (action === 'waive')
        throw new ConflictError('joint_target', 'A joint target of both parties cannot be waived by one of them');
      if (parties.size === 0)
        throw new ConflictError('not_owing_party', 'Only the Agency or the Client can say it has met this deadline');
      return;
    }
    const other = row.owner_party === 'agency' ? 'client' : 'agency';
    // 409 rather than 403: the route's permission let them in; a rule of the contract refuses this one deadline.
    if (action === 'meet' && !parties.has(row.owner_party))
      throw new ConflictError(
        'not_owing_party',
        `Only the ${row.owner_party === 'agency' ? 'Agency' : 'Client'} can say it has met this deadline`,
      );
    if (action === 'waive' && !parties.has(other))
      throw new ConflictError(
        'not_owed_party',
        `Only the ${other === 'agency' ? 'Agency' : 'Client'}, who is owed it, can waive this deadline`,
      );
  }

  /** The stored row of a new deadline: its clock counted on `cal` for the contract's division unless it names one. */
  function newRow(
    actor: Actor,
    contract: Contract,
    cal: Awaited<ReturnType<CalendarService['current']>>,
    data: ReturnType<typeof createDeadlineInput.parse>,
    at: string,
  ): DeadlineRow {
    const division = data.division ?? contract.workingDayDivision;
    const base = {
      rule_kind: data.ruleKind,
      rule_count: data.ruleKind === 'date' ? 0 : data.ruleCount,
      trigger_date: data.triggerDate,
      trigger_label: data.triggerLabel,
      division,
      // The contract's reason goes with its division (Joint Schedule 1 is England and Wales).
      division_reason: division === contract.workingDayDivision ? contract.workingDayDivisionReason : null,
      move_note: null,
    } as const;
    const due = clockOf(cal, base);
    return {
      id: newId(),
      contract_id: contract.id,
      kind: data.kind,
      clause: data.clause,
      title: data.title,
      owner_party: data.ownerParty,
      owner_user_id: data.ownerUserId,
      escalation_user_id: data.escalationUserId,
      subject_type: data.subjectType ?? null,
      subject_id: data.subjectId ?? null,
      belongs_to_type: data.belongsTo?.type ?? null,
      belongs_to_id: data.belongsTo?.id ?? null,
      belongs_to_label: data.belongsTo?.label ?? null,
      belongs_to_link: data.belongsTo?.link ?? null,
      ...base,
      due_date: due.dueDate,
      due_at: due.dueAt,
      explanation: due.explanation,
      provisional: toFlag(due.provisional),
      calendar_version: Number(due.calendarVersion),
      status: 'open',
      met_at: null,
      met_by: null,
      closed_at: null,
      closed_by: null,
      closed_reason: null,
      superseded_by: null,
      created_at: at,
      created_by: actorId(actor),
      updated_at: at,
      revision: 0,
    };
  }

  /** What the audit event of a new deadline says about it. */
  const created = (actor: Actor, row: DeadlineRow) => ({
    actor,
    action: 'deadline.create',
    contractId: row.contract_id,
    resource: { type: 'deadline', id: row.id },
    details: {
      after: {
        clause: row.clause,
        title: row.title,
        ownerParty: row.owner_party,
        ownerUserId: row.owner_user_id,
        dueAt: row.due_at,
        explanation: row.explanation,
        calendarVersion: row.calendar_version,
        belongsTo: row.belongs_to_label ?? undefined,
      },
    },
  });

  async function create(actor: Actor, contractId: string, input: CreateDeadlineInput): Promise<Deadline> {
    const data = parseInput(createDeadlineInput, input);
    return uow.transaction(async () => {
      const contract = await deps.contracts.get(contractId);
      // The people named must hold a role on this contract (an unknown id is a form error, not a broken foreign key).
      for (const field of ['ownerUserId', 'escalationUserId'] as const) {
        const userId = data[field];
        if (userId && (await deps.contracts.rolesOn(userId, contractId)).length === 0)
          throw new ValidationError({ [field]: 'Select a person with a role on this contract' });
      }
      if (data.triggerDate < contract.startDate.slice(0, 10) && data.kind === 'custom')
        throw new ValidationError({ triggerDate: 'The clock cannot start before the contract’s Start Date' });
      const at = now();
      const row = newRow(actor, contract, await calendar.current(), data, at);
      await repo.insert(row);
      await audit.record(created(actor, row));
      if (row.owner_user_id) {
        await deps.notifications.enqueue({
          userId: row.owner_user_id,
          contractId,
          kind: 'deadline.created',
          key: `deadline:${row.id}:created:${row.owner_user_id}`,
          subject: `New deadline for ${contract.orderReference}: ${row.clause} ${row.title}`,
          text: `${row.title} (clause ${row.clause}) is yours to meet on ${contract.orderReference} – ${contract.title}.\n\n${row.explanation}.`,
          link: `/contracts/${contractId}/deadlines`,
        });
      }
      return toDeadline(row, at);
    });
  }

  /**
   * Many deadlines of one contract at once, as a module's bulk change makes them (an import's
   * leavers, each with a revocation clock): one calendar, one bulk insert, one batch of audit events,
   * in the caller's transaction. For clocks a module owns, so they name no person to notify.
   */
  async function createMany(actor: Actor, contractId: string, inputs: CreateDeadlineInput[]): Promise<Deadline[]> {
    if (inputs.length === 0) return [];
    const data = inputs.map((i) => parseInput(createDeadlineInput, i));
    if (data.some((d) => d.ownerUserId || d.escalationUserId || d.kind === 'custom'))
      throw new ValidationError({ kind: 'Deadlines made together name no person and are not added by hand' });
    return uow.transaction(async () => {
      const contract = await deps.contracts.get(contractId);
      const cal = await calendar.current();
      const at = now();
      const rows = data.map((d) => newRow(actor, contract, cal, d, at));
      await repo.insertMany(rows);
      await audit.recordMany(rows.map((r) => created(actor, r)));
      return rows.map((r) => toDeadline(r, at));
    });
  }

  /** Moves a deadline out of open/missed, audited; refuses if someone else closed it first. */
  async function close(
    actor: Actor,
    id: string,
    to: DeadlineStatus,
    extra: { reason?: string; supersededBy?: string },
  ): Promise<Deadline> {
    return uow.transaction(async () => {
      const before = await load(id);
      if (to === 'waived') await assertMay(actor, before, 'waive');
      const at = now();
      const ok = await repo.transition(id, ['open', 'missed'], {
        status: to,
        closed_at: at,
        closed_by: actorId(actor),
        closed_reason: extra.reason ?? null,
        superseded_by: extra.supersededBy ?? null,
        updated_at: at,
      });
      if (!ok) throw new ConflictError('deadline_closed', `This deadline is already ${before.status}`);
      await audit.record({
        actor,
        action: `deadline.${to === 'waived' ? 'waive' : to === 'stopped' ? 'stop' : 'supersede'}`,
        contractId: before.contract_id,
        resource: { type: 'deadline', id },
        details: {
          before: { status: before.status },
          after: { status: to, reason: extra.reason, supersededBy: extra.supersededBy },
        },
      });
      return toDeadline(await load(id), at);
    });
  }

  async function done(actor: Actor, id: string, input: unknown, byHand: boolean): Promise<Deadline> {
    const data = parseInput(meetInput, input);
    return uow.transaction(async () => {
      const before = await load(id);
      if (byHand) await assertMay(actor, before, 'meet');
      const at = now();
      const ok = await repo.markDone(id, {
        met_at: at,
        met_by: actorId(actor),
        updated_at: at,
        ...(before.status === 'open' ? { status: 'met' as const } : {}),
      });
      if (!ok)
        throw new ConflictError('deadline_closed', `This deadline is already ${before.met_at ? 'met' : before.status}`);
      // Whoever did the work has acted on this deadline's reminders: theirs are read now.
      await deps.notifications.markActedOn(actor, [`deadline:${id}:`]);
      await audit.record({
        actor,
        action: 'deadline.meet',
        contractId: before.contract_id,
        resource: { type: 'deadline', id },
        details: {
          before: { status: before.status },
          after: { status: before.status === 'open' ? 'met' : before.status, metAt: at, late: at > before.due_at },
          note: data.note || undefined,
        },
      });
      return toDeadline(await load(id), at);
    });
  }

  return {
    create,
    createMany,
    get: async (id: string) => toDeadline(await load(id), now()),

    /** Records that the obligation was done (a module calls this when the work is). A missed deadline stays missed, with when it was done late. */
    meet: async (actor: Actor, id: string, input: unknown = {}) => done(actor, id, input, false),
    /** A person says a deadline they added by hand was met (only the party that owes it). */
    meetByHand: async (actor: Actor, id: string, input: unknown = {}) => done(actor, id, input, true),
    /** The party owed the obligation lets it go; the reason is required and kept. */
    waive: async (actor: Actor, id: string, input: unknown) =>
      close(actor, id, 'waived', { reason: parseInput(waiveInput, input).reason }),
    /** Replaced by a new deadline (a resubmission restarts a clock, say). */
    supersede: async (actor: Actor, id: string, supersededBy: string | undefined) =>
      close(actor, id, 'superseded', { supersededBy }),

    /**
     * The clock stops without being met, waived or replaced (the joint approval target when the matter
     * goes to the Dispute Resolution Procedure): no more reminders; the reason is kept and shown.
     */
    stop: async (actor: Actor, id: string, reason: string) => close(actor, id, 'stopped', { reason }),
    /** The open or missed, not yet done, deadlines of a kind about a subject: what a module meets or supersedes. */
    outstandingFor: async (contractId: string, kind: string, subjectId: string | null) =>
      (await repo.findOpenFor(contractId, kind, subjectId)).map((r) => toDeadline(r, now())),

    async listForContract(contractId: string, statuses?: readonly DeadlineStatus[]): Promise<Deadline[]> {
      const at = now();
      return (await repo.listForContract(contractId, statuses)).map((r) => toDeadline(r, at)).sort(byUrgency);
    },
    async listForContracts(
      contractIds: string[],
      statuses: readonly DeadlineStatus[] = ['open', 'missed'],
    ): Promise<Deadline[]> {
      const at = now();
      return (await repo.listForContracts(contractIds, statuses)).map((r) => toDeadline(r, at)).sort(byUrgency);
    },
    async outstanding(): Promise<Deadline[]> {
      const at = now();
      return (await repo.outstanding()).map((r) => toDeadline(r, at));
    },

    /** Marks open deadlines past their due time as missed, each in its own transaction with its audit event. */
    async markMissed(): Promise<number> {
      const at = now();
      let n = 0;
      for (const row of await repo.openPastDue(at)) {
        await uow.transaction(async () => {
          if (!(await repo.transition(row.id, ['open'], { status: 'missed', updated_at: at }))) return; // another process got there first
          await audit.record({
            actor: { type: 'system', name: 'deadlines' },
            action: 'deadline.miss',
            contractId: row.contract_id,
            resource: { type: 'deadline', id: row.id },
            details: { before: { status: 'open' }, after: { status: 'missed' }, dueAt: row.due_at },
          });
          n++;
        });
      }
      return n;
    },

    /**
     * Calendar listener: recomputes every open deadline on the new calendar inside the calendar's
     * transaction, and records each one that moved. Met, missed and closed ones are left as they were.
     */
    async recompute(change: CalendarChange): Promise<number> {
      const at = now();
      let moved = 0;
      for (const row of await repo.openByStatus('open')) {
        const due = clockOf(change.calendar, row);
        if (
          due.dueAt === row.due_at &&
          due.explanation === row.explanation &&
          toFlag(due.provisional) === row.provisional
        )
          continue;
        await repo.recompute(row.id, {
          due_date: due.dueDate,
          due_at: due.dueAt,
          explanation: due.explanation,
          provisional: toFlag(due.provisional),
          calendar_version: Number(due.calendarVersion),
          updated_at: at,
        });
        await audit.record({
          actor: change.actor,
          action: 'deadline.recompute',
          contractId: row.contract_id,
          resource: { type: 'deadline', id: row.id },
          details: {
            calendarVersion: { from: row.calendar_version, to: Number(due.calendarVersion) },
            before: { dueAt: row.due_at, explanation: row.explanation },
            after: { dueAt: due.dueAt, explanation: due.explanation },
          },
        });
        moved++;
      }
      return moved;
    },
    followStartDate: follower.followStartDate,
    /** Contract listener: open deadlines move with a corrected Start Date or another division, in the change's transaction. */
    contractChanged: follower.contractChanged,
    /**
     * Work another module runs with every reminder pass, after missed deadlines are marked: clocks
     * that start when a date arrives (a person's end date), notices about its own missed clocks.
     */
    onSweep(sweep: () => Promise<unknown>): void {
      sweeps.push(sweep);
    },
    /** Runs every module's sweep, in the order they were added (the reminder scheduler calls this). */
    async runSweeps(): Promise<void> {
      for (const sweep of sweeps) await sweep();
    },
    /** Today's civil date in London by the app clock. */
    today: () => civilDateInLondon(clock.now()),
  };
}
