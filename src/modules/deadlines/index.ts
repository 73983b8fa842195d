import type { FastifyInstance } from 'fastify';
import { deadlinesApi } from './deadlines.api.ts';
import { deadlinesWeb, type DeadlinesWebDeps } from './deadlines.web.ts';

/**
 * Deadlines: the contract's Working-Day and Month clocks as stored obligations, with explanations,
 * reminders (through notifications), a timeline, a per-person iCalendar feed, API and CLI.
 */
export { createDeadlinesService, type DeadlinesService } from './deadlines.service.ts';
export { createDeadlineFeedService, type DeadlineFeedService } from './deadline-feed.ts';
export {
  createReminderScheduler,
  DEFAULT_POLICY,
  reminderDue,
  type ReminderScheduler,
  type ReminderPolicy,
} from './deadline-reminders.ts';
export { deadlinesCli } from './deadlines.cli.ts';
export type { Deadline, CreateDeadlineInput } from './deadlines.schemas.ts';

export async function deadlinesPlugin(app: FastifyInstance, opts: DeadlinesWebDeps): Promise<void> {
  deadlinesWeb(app, opts);
  await app.register(deadlinesApi, opts);
}
