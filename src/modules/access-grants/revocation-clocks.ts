import type { AuditLog } from '../audit-log/index.ts';
import { partyLeads, type ContractsService } from '../contracts/index.ts';
import type { DeadlinesService } from '../deadlines/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { LeavingEvent, PersonnelService } from '../personnel/index.ts';
import { formatLong } from '../../platform/calendar/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { actorId, iso, systemActor, type Actor, type Clock } from '../../platform/kernel/index.ts';
import type { AccessGrantsRepository, GrantWithRevocation, RevocationRow } from './access-grants.repository.ts';
import type { RevocationCause } from './access-grants.schemas.ts';

/** The deadlines module's kind for a revocation clock (annex 6.5). */
export const REVOCATION_KIND = 'access.revocation';

/** A grant to revoke, the names its clock is worded with, and what started it. */
export interface ToRevoke {
  grant: Pick<GrantWithRevocation, 'id' | 'person_id' | 'level'>;
  personName: string;
  systemName: string;
  cause: RevocationCause;
  /** The day the clock counts from: the end date, or the day it was marked. */
  date: string;
}

/** What starts the clock, as its explanation reads: "1 Working Day after <this> (Friday 28 August 2026)". */
const triggerLabel = (r: ToRevoke) =>
  r.cause === 'end-date'
    ? `${r.personName}’s end date`
    : r.cause === 'marked-leaving'
      ? `${r.personName} being marked as leaving`
      : r.cause === 'not-needed'
        ? `the ${r.grant.level} access being marked no longer needed`
        : 'the access review that removed it';

/**
 * Revocation within one (1) Working Day (annex 6.5): one clock per grant, counted by the deadlines
 * module on the contract's Working-Day calendar, made in bulk in the caller's transaction (a
 * thousand leavers in one import make a thousand clocks in one insert). Each grant's revocation row
 * has the grant as its key, so no path ever starts a second clock for one grant.
 */
export function createRevocationClocks(deps: {
  uow: UnitOfWork;
  repo: AccessGrantsRepository;
  clock: Clock;
  audit: AuditLog;
  deadlines: DeadlinesService;
  personnel: Pick<PersonnelService, 'among' | 'today'>;
  systems: { list(contractId: string): Promise<{ id: string; name: string }[]> };
  contracts: Pick<ContractsService, 'get' | 'memberships'>;
  notifications: Pick<NotificationsService, 'enqueueMany'>;
}) {
  const { repo, audit, deadlines } = deps;

  async function start(actor: Actor, contractId: string, items: ToRevoke[]): Promise<number> {
    if (items.length === 0) return 0;
    const made = await deadlines.createMany(
      actor,
      contractId,
      items.map((r) => ({
        kind: REVOCATION_KIND,
        clause: '6.5',
        title: `Revoke ${r.personName}’s ${r.grant.level} access to ${r.systemName}`.slice(0, 300),
        ownerParty: 'agency' as const,
        subjectType: 'access-grant',
        subjectId: r.grant.id,
        triggerLabel: triggerLabel(r).slice(0, 200),
        triggerDate: r.date,
        ruleKind: 'working-days' as const,
        ruleCount: 1,
      })),
    );
    const at = iso(deps.clock.now());
    const by = actorId(actor);
    const rows: RevocationRow[] = items.map((r, i) => ({
      grant_id: r.grant.id,
      contract_id: contractId,
      deadline_id: made[i]!.id,
      cause: r.cause,
      trigger_date: r.date,
      requested_at: at,
      requested_by: by,
      revoked_on: null,
      revoked_by: null,
      method: null,
      evidence_ref: null,
      recorded_at: null,
      recorded_by: null,
    }));
    await repo.insertRevocations(rows);
    await audit.recordMany(
      items.map((r, i) => ({
        actor,
        action: 'access-grant.revocation-start',
        contractId,
        resource: { type: 'person', id: r.grant.person_id },
        details: {
          grant: r.grant.id,
          system: r.systemName,
          level: r.grant.level,
          cause: r.cause,
          dueAt: made[i]!.dueAt,
        },
      })),
    );
    return items.length;
  }

  /** Every grant still held by these people, with no revocation asked for yet, to revoke for `events`. */
  async function forLeavers(actor: Actor, contractId: string, events: LeavingEvent[]): Promise<number> {
    const byPerson = new Map(events.map((e) => [e.personId, e]));
    const grants = await repo.list(contractId, { personIds: [...byPerson.keys()], current: true });
    if (grants.length === 0) return 0;
    const systems = new Map((await deps.systems.list(contractId)).map((s) => [s.id, s.name]));
    return start(
      actor,
      contractId,
      grants.map((g) => {
        const e = byPerson.get(g.person_id)!;
        return {
          grant: g,
          personName: e.name,
          systemName: systems.get(g.system_id) ?? 'a system',
          cause: e.trigger,
          date: e.date,
        };
      }),
    );
  }

  /** The daily sweep's first half: people whose end date has arrived and who still hold access without a clock. */
  async function endDatesArrived(): Promise<number> {
    const today = deps.personnel.today();
    const byContract = new Map<string, string[]>();
    for (const r of await repo.currentPeople())
      (byContract.get(r.contract_id) ?? byContract.set(r.contract_id, []).get(r.contract_id)!).push(r.person_id);
    let n = 0;
    for (const [contractId, ids] of byContract) {
      const ended = (await deps.personnel.among(contractId, ids)).filter((p) => p.endDate && p.endDate <= today);
      if (ended.length === 0) continue;
      n += await forLeaversInTransaction(
        contractId,
        ended.map((p) => ({ personId: p.id, name: p.name, trigger: 'end-date', date: p.endDate! })),
      );
    }
    return n;
  }
  const sweeper = systemActor('access-grants');
  const forLeaversInTransaction = (contractId: string, events: LeavingEvent[]) =>
    deps.uow.transaction(() => forLeavers(sweeper, contractId, events));

  /**
   * The daily sweep's second half: a missed revocation is told to both parties' leads, once per
   * clock and person (the notification key makes a second pass a no-op). The clock stays missed.
   */
  async function missedNotices(): Promise<number> {
    const missed = (await deadlines.outstanding()).filter((d) => d.kind === REVOCATION_KIND && d.status === 'missed');
    let n = 0;
    const contracts = new Map<string, string[]>();
    for (const d of missed) {
      let people = contracts.get(d.contractId);
      if (!people) {
        const contract = await deps.contracts.get(d.contractId);
        const members = await deps.contracts.memberships(d.contractId);
        people = [...partyLeads(contract, members, 'agency'), ...partyLeads(contract, members, 'client')];
        contracts.set(d.contractId, people);
      }
      const results = await deps.notifications.enqueueMany(
        [...new Set(people)].map((userId) => ({
          userId,
          contractId: d.contractId,
          kind: 'access.revocation-missed',
          key: `access-revocation:${d.id}:missed:${userId}`,
          subject: `Revocation missed: ${d.title}`,
          text: `${d.title} was due by the end of ${formatLong(d.dueDate)} (annex 6.5: within one (1) Working Day) and has not been recorded as done.\n\n${d.explanation}.`,
          link: `/contracts/${d.contractId}/access`,
        })),
      );
      n += results.filter((r) => r.created).length;
    }
    return n;
  }

  return { start, forLeavers, endDatesArrived, missedNotices };
}
export type RevocationClocks = ReturnType<typeof createRevocationClocks>;
