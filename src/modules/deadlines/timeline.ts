import {
  addDays,
  formatShort,
  isDivision,
  type CivilDate,
  type Division,
  type WorkingDayCalendar,
} from '../../platform/calendar/index.ts';
import type { Deadline } from './deadlines.schemas.ts';

/** The picture of a contract's next Working Days: days as columns, deadlines as numbered markers. */
export interface Timeline {
  from: CivilDate;
  to: CivilDate;
  workingDays: number;
  width: number;
  height: number;
  /** Non-working days, drawn hatched (not just coloured) so the picture reads without colour. */
  closed: { x: number; width: number; title: string }[];
  months: { x: number; label: string }[];
  markers: { x: number; y: number; number: number; label: string; text: string; overdue: boolean; id: string }[];
  overdue: number;
  summary: string;
}

const DAY = 12;
const LEFT = 70; // room for the "overdue" column

/**
 * Lays out the next `workingDays` Working Days from `today` (London) for the contract's deadlines
 * that are still to do. Overdue ones sit in a column of their own on the left.
 */
export function buildTimeline(
  cal: WorkingDayCalendar,
  deadlines: Deadline[],
  today: CivilDate,
  workingDays = 60,
  division: Division = 'england-and-wales',
): Timeline {
  const to = cal.addWorkingDays(today, workingDays, division);
  const days: CivilDate[] = [];
  for (let d = today; d <= to; d = addDays(d, 1)) days.push(d);
  const xOf = (d: CivilDate) => LEFT + days.indexOf(d) * DAY;
  const closed = days
    .filter((d) => !cal.isWorkingDay(d, division))
    .map((d) => ({
      x: xOf(d),
      width: DAY,
      title: `${formatShort(d)}: ${cal.holidayOn(d, division)?.title ?? 'weekend'}`,
    }));
  const months = days
    .filter((d, i) => i === 0 || d.endsWith('-01'))
    .map((d) => ({
      x: xOf(d),
      label: new Date(`${d}T12:00:00Z`).toLocaleDateString('en-GB', {
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      }),
    }));
  const todo = deadlines.filter((d) => (d.status === 'open' || d.status === 'missed') && !d.metAt);
  const shown = todo.filter((d) => d.overdue || d.dueDate <= to);
  const stacked = new Map<number, number>(); // markers on one day stack upwards rather than overlap
  const markers = shown.map((d, i) => {
    const x = d.overdue ? LEFT / 2 : xOf(d.dueDate < today ? today : d.dueDate) + DAY / 2;
    const level = stacked.get(x) ?? 0;
    stacked.set(x, level + 1);
    return {
      x,
      y: 84 - (level % 4) * 18,
      number: i + 1,
      text: `${d.clause} ${d.title}: ${d.overdue ? 'overdue since' : 'due'} ${formatShort(d.dueDate)}`,
      label: `${i + 1}. ${d.clause} ${d.title}: ${d.overdue ? 'overdue since' : 'due'} ${formatShort(d.dueDate)}`,
      overdue: d.overdue,
      id: d.id,
    };
  });
  const overdue = markers.filter((m) => m.overdue).length;
  const upcoming = markers.length - overdue;
  const summary = `${workingDays} Working Days from ${formatShort(today)} to ${formatShort(to)}: ${upcoming} deadline${upcoming === 1 ? '' : 's'} due${overdue ? `, ${overdue} overdue` : ''}.`;
  return {
    from: today,
    to,
    workingDays,
    width: LEFT + days.length * DAY + 10,
    height: 120,
    closed,
    months,
    markers,
    overdue,
    summary,
  };
}

export const divisionOr = (value: string | undefined): Division =>
  value && isDivision(value) ? value : 'england-and-wales';
