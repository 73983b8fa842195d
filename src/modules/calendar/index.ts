import type { FastifyInstance } from 'fastify';
import type { UsersService } from '../accounts/index.ts';
import type { CalendarService } from './calendar.service.ts';
import { calendarWeb } from './calendar.web.ts';

/**
 * The Working-Day calendar as stored and administered: versions, loaded GOV.UK data, one-off
 * holidays, change listeners; its pages and `custodian calendar …` commands. The pure calendar is
 * `platform/calendar`.
 */
export {
  createCalendarService,
  type CalendarService,
  type CalendarChange,
  type CalendarChangeListener,
  type ChangeResult,
} from './calendar.service.ts';
export type { CalendarVersion, OneOffHoliday } from './calendar.schemas.ts';
export { calendarCli } from './calendar.cli.ts';

export interface CalendarPluginOptions {
  calendar: CalendarService;
  users: UsersService;
}

export async function calendarPlugin(app: FastifyInstance, opts: CalendarPluginOptions): Promise<void> {
  calendarWeb(app, opts);
}
