import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { PersonnelTables } from './personnel.tables.ts';

/** Where a person is in their time on the contract. */
export const PERSON_STATUSES = ['joining', 'active', 'leaving', 'left'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const STATUS_LABELS: Record<PersonStatus, string> = {
  joining: 'Joining',
  active: 'Active',
  leaving: 'Leaving',
  left: 'Left',
};

/** The rule, in words, as the register page and docs/personnel.md give it. */
export const STATUS_RULE =
  'Joining until their start date; leaving once an end date is set (until that day ends) or when marked as leaving; left from the day after their end date; otherwise active.';

/**
 * A person's status on a UK civil date `today` (YYYY-MM-DD). Derived, never stored, so it moves
 * on by itself as dates pass: left after the end date; leaving when marked so or once an end date is
 * set and they have started; joining before the start date; else active.
 */
export function statusOn(
  p: { startDate: string; endDate: string | null; leaving: boolean },
  today: string,
): PersonStatus {
  if (p.endDate !== null && p.endDate < today) return 'left';
  if (p.leaving) return 'leaving';
  if (p.startDate > today) return 'joining';
  return p.endDate !== null ? 'leaving' : 'active';
}

type Eb = ExpressionBuilder<PersonnelTables, 'personnel_people'>;

/** The same rule as a SQL condition, so the register can be filtered by status in the database. */
export function statusCondition(eb: Eb, status: PersonStatus, today: string): Expression<SqlBool> {
  const notLeft = eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]);
  switch (status) {
    case 'left':
      return eb.and([eb('end_date', 'is not', null), eb('end_date', '<', today)]);
    case 'leaving':
      return eb.and([
        notLeft,
        eb.or([eb('leaving', '=', 1), eb.and([eb('end_date', 'is not', null), eb('start_date', '<=', today)])]),
      ]);
    case 'joining':
      return eb.and([notLeft, eb('leaving', '=', 0), eb('start_date', '>', today)]);
    case 'active':
      return eb.and([eb('end_date', 'is', null), eb('leaving', '=', 0), eb('start_date', '<=', today)]);
  }
}
