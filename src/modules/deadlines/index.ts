import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { createDeadlineFeedService, type DeadlineFeedService } from './deadline-feed.ts';
import { createReminderScheduler, type ReminderScheduler } from './deadline-reminders.ts';
import { deadlinesApi } from './deadlines.api.ts';
import { deadlinesCli } from './deadlines.cli.ts';
import { createDeadlinesService, type DeadlinesService } from './deadlines.service.ts';
import type { DeadlinesTables } from './deadlines.tables.ts';
import { deadlinesWeb, type DeadlinesWebDeps } from './deadlines.web.ts';
import { deadlinesWaiting } from './deadline-waiting.ts';

/**
 * Deadlines: the contract's Working-Day and Month clocks as stored obligations, with explanations,
 * reminders (through notifications), a timeline, a per-person iCalendar feed, API and CLI.
 */
export type { DeadlinesService } from './deadlines.service.ts';
export type { DeadlineFeedService } from './deadline-feed.ts';
export {
  createReminderScheduler,
  DEFAULT_POLICY,
  reminderDue,
  type ReminderScheduler,
  type ReminderPolicy,
} from './deadline-reminders.ts';
export type { Deadline, CreateDeadlineInput, DeadlineBelongsTo } from './deadlines.schemas.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    deadlines: DeadlinesService;
    deadlineFeed: DeadlineFeedService;
    reminders: ReminderScheduler;
  }
}

const permissions = {
  'contract:deadlines:manage': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative'],
    systemAdmin: true,
    about:
      "Adding deadlines for clauses Custodian does not track itself, marking those met, waiving what is owed to one's party.",
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

async function deadlinesPlugin(app: FastifyInstance, opts: DeadlinesWebDeps): Promise<void> {
  deadlinesWeb(app, opts);
  await app.register(deadlinesApi, opts);
}

// Missed deadlines are marked and the reminders due enqueued this often. The outbox is the state, so restarts resume.
const TICK_MS = 60_000;

export const deadlinesModule = defineModule({
  name: 'deadlines',
  about:
    'The contract’s Working-Day and Month clocks as stored deadlines, with reminders and a personal calendar feed.',
  tables: ownTables<DeadlinesTables>({ deadlines: true, deadline_feeds: true }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['deadlines', 'deadlineFeed', 'reminders'],
  needs: ['audit', 'calendar', 'contracts', 'notifications', 'sessions', 'users', 'waiting'],
  services: ({ config, clock, uow }, { audit, calendar, contracts, notifications, sessions, users, waiting }) => {
    const deadlines = createDeadlinesService({ uow, clock, audit, calendar, contracts, notifications });
    // The contracts list shows each person what awaits them: their deadlines are part of it.
    waiting.register(deadlinesWaiting({ deadlines, contracts }));
    // Open deadlines move with the calendar, in the same transaction as the calendar change.
    calendar.onChange((change) => deadlines.recompute(change).then(() => undefined));
    // And with their contract: a corrected Start Date or another division, in the contract change's transaction.
    contracts.onUpdated((change) => deadlines.contractChanged(change).then(() => undefined));
    const deadlineFeed = createDeadlineFeedService({
      uow,
      clock,
      audit,
      deadlines,
      contracts,
      users,
      publicUrl: config.publicUrl,
    });
    // A feed is access without a session: it ends when the account's sessions are all ended.
    sessions.onAllEnded((userId) => deadlineFeed.revokeWithSessions(userId));
    return {
      deadlines,
      deadlineFeed,
      reminders: createReminderScheduler({ deadlines, calendar, contracts, notifications }),
    };
  },
  web: { routes: (app, services) => deadlinesPlugin(app, services) },
  cli: { uses: ['contracts', 'deadlines'], register: deadlinesCli },
  async start({ reminders }, { log }) {
    reminders.start(TICK_MS, (err) => log.error({ err }, 'deadline reminders failed'));
    return { stop: () => reminders.stop() };
  },
  contractLinks: [
    {
      path: 'deadlines',
      title: 'Deadlines',
      about: 'every clock of the contract, when each is due and why.',
      permission: 'contract:view',
      order: 20,
    },
  ],
  apiTags: [{ name: 'Deadlines', description: 'The contract’s clocks: what is due, when, and why.' }],
});
