import { partyLeads, type Contract, type Membership } from '../contracts/index.ts';
import type { NotificationMessage, NotificationsService } from '../notifications/index.ts';
import { addDays, formatLong } from '../../platform/calendar/index.ts';
import type { Course } from './training.schemas.ts';
import type { Standing } from './training-standing.ts';
import { DUE_SOON_DAYS } from './training-status.ts';

/** The Monday of the week `day` falls in: the security managers' summary goes out once a week. */
function weekOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

const MAX_NAMED = 20;

/**
 * The reminders due today for one contract. A person with a Custodian account hears about their own
 * course once when it falls due within {@link DUE_SOON_DAYS} days and once when it is overdue; the
 * Agency security managers get one summary a week per contract (10,000 people means dozens falling
 * due every week: one message each would bury the rest). Keys make each message once only, so a
 * restart or a second process never doubles one.
 */
export function trainingReminders(
  contract: Contract,
  members: Membership[],
  courses: { course: Course; standings: Standing[] }[],
  today: string,
): NotificationMessage[] {
  const link = `/contracts/${contract.id}/training`;
  const out: NotificationMessage[] = [];
  for (const { course, standings } of courses)
    for (const s of standings) {
      if (!s.userId || !s.nextDue || (s.status !== 'due-soon' && s.status !== 'overdue')) continue;
      const overdue = s.status === 'overdue';
      out.push({
        userId: s.userId,
        contractId: contract.id,
        kind: overdue ? 'training.overdue' : 'training.due-soon',
        key: `training:${course.id}:${s.personId}:${s.nextDue}:${overdue ? 'overdue' : 'soon'}:${s.userId}`,
        subject: `${overdue ? 'Overdue' : 'Due soon'}: ${course.name} (${contract.orderReference})`,
        text: `Your ${course.name} training on ${contract.orderReference} – ${contract.title} ${overdue ? 'was' : 'is'} due by ${formatLong(s.nextDue)}: ${course.recurrenceMonths} Months after you last completed it on ${formatLong(s.lastCompleted!)} (annex 6.4).`,
        link,
      });
    }
  const lines = courses.flatMap(({ course, standings }) => {
    const late = standings.filter((s) => s.status === 'overdue' || s.status === 'not-done');
    const soon = standings.filter((s) => s.status === 'due-soon');
    if (!late.length && !soon.length) return [];
    const named = [...late, ...soon]
      .slice(0, MAX_NAMED)
      .map((s) => `- ${s.name}: ${s.nextDue ? `due ${formatLong(s.nextDue)}` : 'not completed'}`);
    const more = late.length + soon.length - named.length;
    return [
      `${course.name}: ${late.length} overdue or not completed, ${soon.length} due by ${formatLong(addDays(today, DUE_SOON_DAYS))}`,
      ...named,
      ...(more > 0 ? [`- and ${more} more`] : []),
      '',
    ];
  });
  if (lines.length)
    for (const userId of partyLeads(contract, members, 'agency'))
      out.push({
        userId,
        contractId: contract.id,
        kind: 'training.summary',
        key: `training-summary:${contract.id}:${weekOf(today)}:${userId}`,
        subject: `Security training falling due on ${contract.orderReference}`,
        text: `Security training (annex 6.4) on ${contract.orderReference} – ${contract.title}:\n\n${lines.join('\n')}`,
        link,
      });
  return out;
}

/** One pass over every contract with courses: enqueues the reminders due today; never overlaps itself. */
export function createTrainingReminderRunner(deps: {
  training: {
    contractIds(): Promise<string[]>;
    courses(contractId: string): Promise<Course[]>;
    standings(contractId: string, course: Course): Promise<Standing[]>;
    today(): string;
  };
  contracts: { get(id: string): Promise<Contract>; memberships(id: string): Promise<Membership[]> };
  notifications: Pick<NotificationsService, 'enqueueMany'>;
}) {
  let running: Promise<number> | undefined;
  async function tick(): Promise<number> {
    let sent = 0;
    const today = deps.training.today();
    for (const contractId of await deps.training.contractIds()) {
      const [contract, members, courses] = await Promise.all([
        deps.contracts.get(contractId),
        deps.contracts.memberships(contractId),
        deps.training.courses(contractId),
      ]);
      const withStandings = [];
      for (const course of courses)
        withStandings.push({ course, standings: await deps.training.standings(contractId, course) });
      const messages = trainingReminders(contract, members, withStandings, today);
      if (messages.length) sent += (await deps.notifications.enqueueMany(messages)).filter((r) => r.created).length;
    }
    return sent;
  }
  return { runOnce: () => (running ??= tick().finally(() => (running = undefined))) };
}
