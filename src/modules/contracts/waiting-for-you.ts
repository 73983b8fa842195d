/** Something that awaits a person on a contract: what to do, by when, and where to do it. */
export interface WaitingItem {
  contractId: string;
  text: string;
  /** When it is due (UTC ISO-8601), if it has a clock. */
  dueAt?: string;
  /** Past its due time and still not done. */
  overdue?: boolean;
  href: string;
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
      const items = (await Promise.all(sources.map((s) => s(userId, contractIds)))).flat();
      items.sort((a, b) => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'));
      for (const item of items) byContract.set(item.contractId, [...(byContract.get(item.contractId) ?? []), item]);
      return byContract;
    },
  };
}
