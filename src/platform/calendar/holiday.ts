import type { CivilDate } from './civil-date.ts';
import type { Division } from './divisions.ts';

/** One day off in one division. */
export interface Holiday {
  readonly date: CivilDate;
  readonly division: Division;
  readonly title: string;
  /** GOV.UK's notes: "" or "Substitute day"; an administrator's holiday has none. */
  readonly notes: string;
  readonly substitute: boolean;
  /** gov-uk: published data; rule: computed by rule for a year GOV.UK has not published; proclamation: added by an administrator. */
  readonly source: 'gov-uk' | 'rule' | 'proclamation';
  /** Computed by rule: may change when GOV.UK publishes the year. */
  readonly provisional: boolean;
}
