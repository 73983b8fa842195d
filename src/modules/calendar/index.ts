import { fileURLToPath } from 'node:url';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { calendarCli } from './calendar.cli.ts';
import { createCalendarService, type CalendarService } from './calendar.service.ts';
import type { CalendarTables } from './calendar.tables.ts';
import { calendarWeb } from './calendar.web.ts';

/**
 * The Working-Day calendar as stored and administered: versions, loaded GOV.UK data, one-off
 * holidays, change listeners; its pages and `custodian calendar …` commands. The pure calendar is
 * `platform/calendar`.
 */
export type { CalendarService, CalendarChange, CalendarChangeListener, ChangeResult } from './calendar.service.ts';
export type { CalendarVersion, OneOffHoliday } from './calendar.schemas.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    calendar: CalendarService;
  }
}

const permissions = {
  'calendar:manage': {
    scope: 'admin',
    about: 'The Working-Day calendar: loading GOV.UK bank-holiday data and adding one-off holidays.',
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

export const calendarModule = defineModule({
  name: 'calendar',
  about: 'The UK Working-Day calendar as stored: GOV.UK bank holidays, one-off holidays, versions and their history.',
  tables: ownTables<CalendarTables>({ calendar_versions: true, calendar_imports: true, calendar_proclamations: true }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['calendar'],
  needs: ['audit'],
  services: ({ uow, clock }, { audit }) => ({ calendar: createCalendarService({ uow, clock, audit }) }),
  web: { routes: async (app, services) => calendarWeb(app, services) },
  cli: { uses: ['calendar'], register: calendarCli },
});
