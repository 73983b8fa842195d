import type { CalendarService } from '../calendar/index.ts';
import { partyLeads, type Contract, type Membership } from '../contracts/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import {
  addDays,
  formatLong,
  isDivision,
  type CivilDate,
  type Division,
  type WorkingDayCalendar,
} from '../../platform/calendar/index.ts';
import { ownerWords, type Deadline } from './deadlines.schemas.ts';
import type { DeadlinesService } from './deadlines.service.ts';

/** When reminders go out, in Working Days relative to the due date. */
export interface ReminderPolicy {
  /** Working Days before the due date, e.g. [5, 1]. */
  before: readonly number[];
  onTheDay: boolean;
  /** Then every Working Day while overdue. */
  whileOverdue: boolean;
  /** The deadline's escalation contact joins after this many overdue Working Days. */
  escalateAfter: number;
}

export const DEFAULT_POLICY: ReminderPolicy = { before: [5, 1], onTheDay: true, whileOverdue: true, escalateAfter: 2 };

/** Per deadline kind; every kind without its own policy gets the default. */
export type ReminderPolicies = Record<string, ReminderPolicy>;

export interface ReminderPoint {
  key: string;
  date: CivilDate;
  kind: 'before' | 'due' | 'overdue';
  workingDays: number;
}

/** `n` Working Days before `date` (the date itself is not counted). */
function workingDaysBefore(cal: WorkingDayCalendar, date: CivilDate, n: number, division: Division): CivilDate {
  let d = date;
  for (let counted = 0; counted < n;) {
    d = addDays(d, -1);
    if (cal.isWorkingDay(d, division)) counted++;
  }
  return d;
}

/**
 * The reminder due on `today` for a deadline, if any: the latest point of the policy on or before
 * today and not before the deadline existed. Only the latest is sent, so a server that was down for
 * a week sends one reminder, not a backlog.
 */
export function reminderDue(
  cal: WorkingDayCalendar,
  d: Deadline,
  policy: ReminderPolicy,
  today: CivilDate,
): ReminderPoint | undefined {
  const division = (isDivision(d.division) ? d.division : 'england-and-wales') as Division;
  const created = d.createdAt.slice(0, 10);
  if (today > d.dueDate) {
    if (!policy.whileOverdue || !cal.isWorkingDay(today, division)) return undefined;
    return {
      key: `overdue:${today}`,
      date: today,
      kind: 'overdue',
      workingDays: cal.workingDaysBetween(d.dueDate, today, division),
    };
  }
  const points: ReminderPoint[] = policy.before.map((n) => ({
    key: `before-${n}`,
    date: workingDaysBefore(cal, d.dueDate, n, division),
    kind: 'before' as const,
    workingDays: n,
  }));
  if (policy.onTheDay) points.push({ key: 'due', date: d.dueDate, kind: 'due', workingDays: 0 });
  return points
    .filter((p) => p.date <= today && p.date >= created)
    .sort((a, b) => a.date.localeCompare(b.date))
    .at(-1);
}

function wording(p: ReminderPoint, d: Deadline, contract: Contract): { subject: string; text: string } {
  const what = `${d.clause} ${d.title}`;
  const when = formatLong(d.dueDate);
  const lead =
    p.kind === 'overdue'
      ? `Overdue by ${p.workingDays} Working Day${p.workingDays === 1 ? '' : 's'}`
      : p.kind === 'due'
        ? 'Due today'
        : `Due in ${p.workingDays} Working Day${p.workingDays === 1 ? '' : 's'}`;
  return {
    subject: `${lead}: ${what} (${contract.orderReference})`,
    // Who owes it, so a joint target never reads as one party's debt (clause 4.3.2).
    text: `${lead}: ${d.title} (clause ${d.clause}), ${ownerWords(d.ownerParty)}, on ${contract.orderReference} – ${contract.title}.\nDue by the end of ${when}.\n\n${d.explanation}.`,
  };
}

/** Who hears about a deadline: its owner and the owing party's lead, plus the escalation contact once late enough. */
export function recipients(
  d: Deadline,
  contract: Contract,
  members: Membership[],
  overdueWorkingDays: number,
  policy: ReminderPolicy,
): string[] {
  const lead =
    d.ownerParty === 'both'
      ? [...partyLeads(contract, members, 'agency'), ...partyLeads(contract, members, 'client')]
      : partyLeads(contract, members, d.ownerParty);
  const escalate = d.escalationUserId && overdueWorkingDays >= policy.escalateAfter ? [d.escalationUserId] : [];
  return [...new Set([d.ownerUserId, ...lead, ...escalate].filter((u): u is string => Boolean(u)))];
}

export interface ReminderSchedulerDeps {
  deadlines: DeadlinesService;
  calendar: CalendarService;
  contracts: { get(id: string): Promise<Contract>; memberships(id: string): Promise<Membership[]> };
  notifications: NotificationsService;
  policies?: ReminderPolicies;
}

export type ReminderScheduler = ReturnType<typeof createReminderScheduler>;

/**
 * The in-process reminder scheduler. Its state is the outbox itself: each reminder is enqueued
 * with a key made of the deadline, the policy point and the person, and enqueueing a key twice is a
 * no-op. So a restart resumes where it stopped, and two processes on one database never send one
 * reminder twice. Marking deadlines missed is a conditional update for the same reason.
 */
export function createReminderScheduler(deps: ReminderSchedulerDeps) {
  const policyFor = (kind: string) => deps.policies?.[kind] ?? DEFAULT_POLICY;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<{ missed: number; reminders: number }> | undefined;

  async function tick(): Promise<{ missed: number; reminders: number }> {
    const missed = await deps.deadlines.markMissed();
    // Other modules' date-driven clocks start here, so their reminders go out in this same pass.
    await deps.deadlines.runSweeps();
    const cal = await deps.calendar.current();
    const today = deps.deadlines.today();
    let reminders = 0;
    const contracts = new Map<string, { contract: Contract; members: Membership[] }>();
    for (const d of await deps.deadlines.outstanding()) {
      const policy = policyFor(d.kind);
      const point = reminderDue(cal, d, policy, today);
      if (!point) continue;
      let c = contracts.get(d.contractId);
      if (!c)
        contracts.set(
          d.contractId,
          (c = {
            contract: await deps.contracts.get(d.contractId),
            members: await deps.contracts.memberships(d.contractId),
          }),
        );
      const { subject, text } = wording(point, d, c.contract);
      const people = recipients(d, c.contract, c.members, point.kind === 'overdue' ? point.workingDays : 0, policy);
      const kind = point.kind === 'overdue' ? 'deadline.overdue' : 'deadline.reminder';
      const results = await deps.notifications.enqueueMany(
        people.map((userId) => ({
          userId,
          contractId: d.contractId,
          kind,
          subject,
          text,
          link: `/contracts/${d.contractId}/deadlines`,
          key: `deadline:${d.id}:${point.key}:${userId}`,
        })),
      );
      reminders += results.filter((r) => r.created).length;
    }
    return { missed, reminders };
  }

  return {
    /** One pass: mark missed deadlines, enqueue the reminders due today. Never overlaps itself. */
    runOnce: () => (running ??= tick().finally(() => (running = undefined))),
    start(intervalMs: number, onError: (err: unknown) => void): void {
      timer = setInterval(() => void this.runOnce().catch(onError), intervalMs);
      timer.unref();
      void this.runOnce().catch(onError);
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => {});
    },
  };
}
