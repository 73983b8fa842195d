import type { Actor } from '../../platform/kernel/index.ts';
import type { Person } from './personnel.schemas.ts';

/**
 * A person no longer needing their access (annex 6.5): marked as leaving (by a person, or by the
 * identity provider), or their end date has arrived. `date` is the day that starts a revocation
 * clock: the day they were marked, or the end date itself.
 */
export interface LeavingEvent {
  personId: string;
  name: string;
  trigger: 'marked-leaving' | 'end-date';
  date: string;
}

/** Told of leavers inside the transaction that made them so: what it does commits or fails with the change. */
export type LeavingListener = (actor: Actor, contractId: string, events: LeavingEvent[]) => Promise<void>;

/** Whether a change to a person makes them a leaver on `today`, and from which day. */
export function leavingEventOf(
  before: Pick<Person, 'leaving' | 'endDate'>,
  after: Pick<Person, 'id' | 'name' | 'leaving' | 'endDate'>,
  today: string,
): LeavingEvent | undefined {
  if (after.leaving && !before.leaving)
    return { personId: after.id, name: after.name, trigger: 'marked-leaving', date: today };
  if (after.endDate !== null && after.endDate <= today && after.endDate !== before.endDate)
    return { personId: after.id, name: after.name, trigger: 'end-date', date: after.endDate };
  return undefined;
}
