import { addDays, addMonthsClamped } from '../../platform/calendar/index.ts';

/** How long before the due date a person counts as "due soon" and reminders go out. */
export const DUE_SOON_DAYS = 30;

export const TRAINING_STATUSES = ['current', 'due-soon', 'overdue', 'not-done'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];

export const TRAINING_STATUS_LABELS: Record<TrainingStatus, string> = {
  current: 'Current',
  'due-soon': 'Due soon',
  overdue: 'Overdue',
  'not-done': 'Not completed',
};

/**
 * The next due date: the completion date plus the course's recurrence in Months, counted as the
 * deadlines module counts Months (a calendar month; a day the month lacks clamps to its last day,
 * so 31 January + 1 Month is 28 or 29 February).
 */
export const nextDueOf = (completedOn: string, months: number) => addMonthsClamped(completedOn, months).date;

/** A person's standing on a course today: due on the due date itself, overdue the day after. */
export function statusOf(nextDue: string | null, today: string): TrainingStatus {
  if (!nextDue) return 'not-done';
  if (nextDue < today) return 'overdue';
  return nextDue <= addDays(today, DUE_SOON_DAYS) ? 'due-soon' : 'current';
}

/** Counts per status, every status present. */
export function countStatuses(statuses: Iterable<TrainingStatus>): Record<TrainingStatus, number> {
  const out = { current: 0, 'due-soon': 0, overdue: 0, 'not-done': 0 };
  for (const s of statuses) out[s]++;
  return out;
}
