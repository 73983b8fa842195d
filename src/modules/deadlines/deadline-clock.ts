import {
  DEFAULT_DIVISION,
  DIVISION_LABELS,
  endOfDayLondon,
  formatLong,
  isDivision,
  type Deadline as ComputedDeadline,
  type Division,
  type WorkingDayCalendar,
} from '../../platform/calendar/index.ts';
import type { DeadlineRow } from './deadlines.repository.ts';

/** What a deadline's clock is counted from: its rule, trigger and division, and what it says of itself. */
export type ClockParts = Pick<
  DeadlineRow,
  'rule_kind' | 'rule_count' | 'trigger_date' | 'trigger_label' | 'division' | 'division_reason' | 'move_note'
>;

const divisionOf = (r: Pick<DeadlineRow, 'division'>): Division =>
  isDivision(r.division) ? r.division : DEFAULT_DIVISION;

/** The clock of a stored deadline, computed on a calendar: the same function at creation, on recomputation and on a move. */
export function computeDue(
  calendar: WorkingDayCalendar,
  r: Pick<DeadlineRow, 'rule_kind' | 'rule_count' | 'trigger_date' | 'trigger_label' | 'division'>,
): ComputedDeadline {
  const division = divisionOf(r);
  // An agreed date is due on that day, whatever the calendar says: it never moves with a holiday.
  if (r.rule_kind === 'date')
    return {
      dueDate: r.trigger_date,
      dueAt: endOfDayLondon(r.trigger_date),
      explanation: `Due ${formatLong(r.trigger_date)}: ${r.trigger_label}`,
      provisional: false,
      calendarVersion: calendar.version,
      division,
      skipped: [],
    };
  return r.rule_kind === 'working-days'
    ? calendar.workingDayDeadline({
        from: r.trigger_date,
        workingDays: r.rule_count,
        trigger: r.trigger_label,
        division,
      })
    : calendar.monthDeadline({ from: r.trigger_date, months: r.rule_count, trigger: r.trigger_label, division });
}

// A reason typed as a sentence still reads as one inside the explanation.
const clause = (text: string) => text.trim().replace(/[.\s]+$/, '');

/**
 * The explanation people read wherever the deadline is (pages, API, reminders, calendar feed): the
 * calendar's working-out, then why the contract counts in another division than England and Wales
 * (Joint Schedule 1), then why the deadline last moved. Sentences without a final full stop, as the
 * calendar writes them.
 */
export function explain(computed: string, r: Pick<ClockParts, 'division' | 'division_reason' | 'move_note'>): string {
  const division = divisionOf(r);
  const parts = [computed];
  if (division !== DEFAULT_DIVISION && r.division_reason)
    parts.push(
      `Counted in ${DIVISION_LABELS[division]} rather than England and Wales (Joint Schedule 1) because: ${clause(r.division_reason)}`,
    );
  if (r.move_note) parts.push(r.move_note);
  return parts.join('. ');
}

/** The due date and the full explanation of a deadline on a calendar. */
export function clockOf(calendar: WorkingDayCalendar, r: ClockParts) {
  const due = computeDue(calendar, r);
  return { ...due, explanation: explain(due.explanation, r) };
}
