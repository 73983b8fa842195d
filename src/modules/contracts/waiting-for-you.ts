/** Something that awaits a person on a contract: what to do, by when, and where to do it. */
export interface WaitingItem {
  contractId: string;
  text: string;
  /** When it is due (UTC ISO-8601), if it has a clock. */
  dueAt?: string;
  /** Past its due time and still not done. */
  overdue?: boolean;
  href: string;
  /**
   * What the item is about, when two modules may announce the same task: the decision a version
   * awaits is both a task ("Decide on version 2") and the clock that says by when. Items with one
   * key are shown once, with the task's words and link and the clock's due date.
   */
  key?: string;
  /** Announced by a clock (the deadlines module) rather than by the task itself. */
  fromClock?: boolean;
}

/** A module's answer to "what awaits this person on these contracts?". */
export type WaitingSource = (userId: string, contractIds: readonly string[]) => Promise<WaitingItem[]>;

export type WaitingList = ReturnType<typeof createWaitingList>;

/**
 * What awaits a person, per contract, gathered from the modules that know (deadlines, the plan's
 * decisions…): each registers a source when it is built, so the contracts list names none of them.
 */
export function createWaitingList() {
  const sources: WaitingSource[] = [];
  return {
    /** Adds a module's source; called once, while the modules are built. */
    register(source: WaitingSource): void {
      sources.push(source);
    },
    /** Everything awaiting the person on these contracts, soonest first (undated last), by contract. */
    async forUser(userId: string, contractIds: readonly string[]): Promise<Map<string, WaitingItem[]>> {
      const byContract = new Map<string, WaitingItem[]>();
      if (!contractIds.length) return byContract;
      const items = mergeSameTask((await Promise.all(sources.map((s) => s(userId, contractIds)))).flat());
      items.sort((a, b) => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'));
      for (const item of items) byContract.set(item.contractId, [...(byContract.get(item.contractId) ?? []), item]);
      return byContract;
    },
  };
}

/** One item per key: the task's text and link, the clock's due date (see WaitingItem.key). */
function mergeSameTask(items: WaitingItem[]): WaitingItem[] {
  const byKey = new Map<string, WaitingItem>();
  const out: WaitingItem[] = [];
  for (const item of items) {
    if (!item.key) {
      out.push(item);
      continue;
    }
    const seen = byKey.get(item.key);
    if (!seen) {
      byKey.set(item.key, item);
      continue;
    }
    const [task, clock] = item.fromClock ? [seen, item] : [item, seen];
    byKey.set(item.key, { ...task, dueAt: clock.dueAt ?? task.dueAt, overdue: clock.overdue ?? task.overdue });
  }
  return [...out, ...byKey.values()];
}
