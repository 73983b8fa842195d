import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import {
  DEFAULT_DIVISION,
  DIVISION_LABELS,
  DIVISIONS,
  formatLong,
  isDivision,
  joinList,
  MAX_YEAR,
  MIN_YEAR,
  yearOf,
  type Division,
  type Holiday,
} from '../../platform/calendar/index.ts';
import { confirmPage, idParam, submitForm } from '../../platform/http/index.ts';
import { dateFromParts, parseInput, withDateInput } from '../../platform/validation/index.ts';
import { NotFoundError, UUID_PATTERN } from '../../platform/kernel/index.ts';
import { formErrors } from '../../platform/views/index.ts';
import type { UsersService } from '../accounts/index.ts';
import type { CalendarService } from './calendar.service.ts';
import { importInput, MAX_WORKING_DAYS, VERSION_KIND_LABELS } from './calendar.schemas.ts';

const manage = { config: { permission: 'calendar:manage' as const } };

export interface CalendarPluginOptions {
  calendar: CalendarService;
  users: UsersService;
}

/** A query or form value as the text that was sent (lists and objects are not text). */
const textOf = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 100) : '');

const SOURCE_LABELS: Record<Holiday['source'], string> = {
  'gov-uk': 'GOV.UK',
  rule: 'Computed by rule',
  proclamation: 'One-off holiday',
};

/** The administration page for the calendar, and the Working-Day calculator for everyone signed in. */
export function calendarWeb(app: FastifyInstance, { calendar, users }: CalendarPluginOptions): void {
  /** Who made a change: a person's name, or the part of Custodian that did it. */
  async function whoNames(ids: string[]): Promise<Record<string, string>> {
    const people = ids.filter((id) => UUID_PATTERN.test(id));
    const names: Record<string, string> = Object.fromEntries(
      (people.length ? await users.list({ ids: [...new Set(people)] }) : []).map((u) => [u.id, u.displayName]),
    );
    for (const id of ids)
      names[id] ??= id === 'system:cli' ? 'Command line' : id === 'system:calendar' ? 'Custodian' : id;
    return names;
  }

  async function adminPage(query: unknown) {
    const q = (query ?? {}) as Record<string, unknown>;
    const cal = await calendar.current();
    const filterErrors: Record<string, string> = {};
    const divisionText = textOf(q.division) || DEFAULT_DIVISION;
    const division: Division = isDivision(divisionText) ? divisionText : DEFAULT_DIVISION;
    if (!isDivision(divisionText)) filterErrors.division = 'Select England and Wales, Scotland or Northern Ireland';
    const yearText = textOf(q.year).trim();
    let year = yearOf(calendar.today());
    if (yearText !== '') {
      if (/^\d{4}$/.test(yearText) && Number(yearText) >= MIN_YEAR && Number(yearText) <= MAX_YEAR)
        year = Number(yearText);
      else filterErrors.year = `Enter a year from ${MIN_YEAR} to ${MAX_YEAR}, like 2027`;
    }
    const [history, oneOff] = await Promise.all([calendar.history(10), calendar.oneOffHolidays()]);
    const names = await whoNames([...history.map((h) => h.createdBy), ...oneOff.map((o) => o.createdBy)]);
    const coverage = DIVISIONS.map((d) => {
      const years = cal.publishedYears(d);
      return { label: DIVISION_LABELS[d], first: years[0], last: years[years.length - 1] };
    });
    return {
      pageTitle: 'Bank holidays',
      version: cal.version,
      coverage,
      filter: { division, year: yearText || String(year) },
      divisionItems: DIVISIONS.map((d) => ({ value: d, text: DIVISION_LABELS[d], selected: d === division })),
      holidaysCaption: `Bank holidays in ${DIVISION_LABELS[division]}, ${year}`,
      holidays: cal.holidaysInYear(year, division).map((h) => ({
        date: formatLong(h.date),
        title: h.title,
        substitute: h.substitute,
        source: SOURCE_LABELS[h.source],
        provisional: h.provisional,
      })),
      yearProvisional: cal.isProvisionalYear(year, division),
      oneOff: oneOff.map((o) => ({
        ...o,
        when: formatLong(o.date),
        where: joinList(o.divisions.map((d) => DIVISION_LABELS[d])),
        by: names[o.createdBy],
      })),
      history: history.map((h) => ({ ...h, kindLabel: VERSION_KIND_LABELS[h.kind], by: names[h.createdBy] })),
      divisionChoices: DIVISIONS.map((d) => ({ value: d, text: DIVISION_LABELS[d] })),
      values: { divisions: [DEFAULT_DIVISION] },
      ...(Object.keys(filterErrors).length ? { errors: formErrors(filterErrors) } : {}),
    };
  }

  app.get('/admin/calendar', manage, async (request, reply) => {
    const context = await adminPage(request.query);
    return reply.page('calendar/admin.njk', context, context.errors ? 422 : 200);
  });

  const form = { template: 'calendar/admin.njk', context: () => adminPage({}) };

  app.post('/admin/calendar/holidays', manage, async (request, reply) =>
    submitForm(request, reply, form, async () => {
      const added = await withDateInput(request.body, 'date', 'the date of the holiday', (input) =>
        calendar.addHoliday(input, actorOf(request)),
      );
      const h = added.holiday;
      return {
        redirect: `/admin/calendar?division=${h.divisions[0]}&year=${yearOf(h.date)}`,
        flash: `${h.title} on ${formatLong(h.date)} was added. The calendar is now version ${added.version}.`,
      };
    }),
  );

  app.get('/admin/calendar/holidays/:holidayId/remove', manage, async (request, reply) => {
    const holidayId = idParam(request, 'holidayId', 'The holiday');
    const h = (await calendar.oneOffHolidays()).find((x) => x.id === holidayId);
    if (!h) throw new NotFoundError('The holiday');
    return confirmPage(reply, {
      question: `Remove ${h.title} on ${formatLong(h.date)}?`,
      caption: 'Bank holidays',
      consequences: [
        `${formatLong(h.date)} is no longer a holiday where it applied, and the calendar gets a new version: Working Days counted with it from then on include that day.`,
      ],
      action: '/admin/calendar/holidays/remove',
      button: 'Remove the holiday',
      cancelHref: '/admin/calendar',
      hidden: { holidayId: h.id },
    });
  });

  app.post('/admin/calendar/holidays/remove', manage, async (request, reply) => {
    const removed = await calendar.removeHoliday(
      { holidayId: textOf((request.body as Record<string, unknown> | undefined)?.holidayId) },
      actorOf(request),
    );
    reply.flash(
      `${removed.holiday.title} on ${formatLong(removed.holiday.date)} was removed. The calendar is now version ${removed.version}.`,
    );
    return reply.redirect('/admin/calendar', 303);
  });

  app.post('/admin/calendar/import', manage, async (request, reply) =>
    submitForm(request, reply, form, async () => {
      const { json } = parseInput(importInput, request.body);
      const result = await calendar.importGovUk(json, actorOf(request), { source: 'the administration page' });
      return {
        redirect: '/admin/calendar',
        flash: result.changed
          ? `The calendar is now version ${result.version}: ${result.summary}.`
          : 'Nothing changed: the calendar already has these bank holidays.',
        flashKind: result.changed ? ('success' as const) : ('information' as const),
      };
    }),
  );

  app.get('/calendar', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const q = (request.query ?? {}) as Record<string, unknown>;
    const fields = ['fromDate-day', 'fromDate-month', 'fromDate-year', 'workingDays', 'division'] as const;
    const values: Record<string, string> = Object.fromEntries(fields.map((f) => [f, textOf(q[f])]));
    values.division ||= DEFAULT_DIVISION;
    const base = {
      pageTitle: 'Working-Day calculator',
      values,
      divisionItems: DIVISIONS.map((d) => ({ value: d, text: DIVISION_LABELS[d], checked: d === values.division })),
    };
    if (!fields.some((f) => f in q)) return reply.page('calendar/calculator.njk', base);

    const errors: Record<string, string> = {};
    const from = dateFromParts(values, 'fromDate', 'the date');
    if (from.error) errors.fromDate = from.error;
    const n = values.workingDays!.trim();
    if (!/^\d{1,4}$/.test(n) || Number(n) > MAX_WORKING_DAYS)
      errors.workingDays =
        n === ''
          ? 'Enter the number of Working Days'
          : `Enter the number of Working Days as a whole number from 0 to ${MAX_WORKING_DAYS}`;
    if (!isDivision(values.division)) errors.division = 'Select England and Wales, Scotland or Northern Ireland';
    if (Object.keys(errors).length)
      return reply.page('calendar/calculator.njk', { ...base, errors: formErrors(errors) }, 422);

    const cal = await calendar.current();
    const division = values.division as Division;
    const deadline = cal.workingDayDeadline({
      from: from.value!,
      workingDays: Number(n),
      trigger: 'the date entered',
      division,
    });
    return reply.page('calendar/calculator.njk', {
      ...base,
      result: { ...deadline, due: formatLong(deadline.dueDate), day: cal.checkDay(from.value!, division).explanation },
    });
  });
}
