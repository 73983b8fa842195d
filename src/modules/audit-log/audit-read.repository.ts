import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, Executor } from '../../platform/db/index.ts';

/** What a reader may filter a contract's events by; every field but contractId is optional. */
export interface AuditReadFilter {
  contractId: string;
  actorId?: string;
  action?: string;
  outcome?: 'success' | 'failure' | 'denied';
  resourceType?: string;
  resourceId?: string;
  /** Timestamps: from inclusive, to exclusive. */
  fromTime?: string;
  toTime?: string;
  /** Leaf-index bounds (inclusive), derived from the times or fixed for an export. */
  minSeq?: number;
  maxSeq?: number;
}

// The columns a table row shows: the canonical event stays on disk until someone opens one record.
const SUMMARY = ['seq', 'occurred_at', 'actor_type', 'actor_id', 'action', 'outcome', 'resource_type', 'resource_id', 'privileged'] as const;

function filtered<O>(q: SelectQueryBuilder<Database, 'audit_events', O>, f: AuditReadFilter) {
  return q
    .where('contract_id', '=', f.contractId)
    .$if(f.actorId !== undefined, (qb) => qb.where('actor_id', '=', f.actorId!))
    .$if(f.action !== undefined, (qb) => qb.where('action', '=', f.action!))
    .$if(f.outcome !== undefined, (qb) => qb.where('outcome', '=', f.outcome!))
    .$if(f.resourceType !== undefined, (qb) => qb.where('resource_type', '=', f.resourceType!))
    .$if(f.resourceId !== undefined, (qb) => qb.where('resource_id', '=', f.resourceId!))
    .$if(f.fromTime !== undefined, (qb) => qb.where('occurred_at', '>=', f.fromTime!))
    .$if(f.toTime !== undefined, (qb) => qb.where('occurred_at', '<', f.toTime!))
    .$if(f.minSeq !== undefined, (qb) => qb.where('seq', '>=', f.minSeq!))
    .$if(f.maxSeq !== undefined, (qb) => qb.where('seq', '<=', f.maxSeq!));
}

/**
 * Reads of the audit log for people and exports. Every query is keyset-paged on `seq` through an
 * index that leads with contract_id (see the audit-read-indexes migration): never OFFSET, never a
 * count of the whole log, so a page costs the same at event 10 million as at event 100.
 */
export const auditReadRepository = {
  /** One page of summaries, newest first: below `before`, above `after` (nearest first), or the newest. */
  async page(ex: Executor, f: AuditReadFilter, cursor: { before?: number; after?: number }, limit: number) {
    let q = filtered(ex.selectFrom('audit_events').select([...SUMMARY]), f);
    if (cursor.after !== undefined) {
      const rows = await q.where('seq', '>', cursor.after).orderBy('seq', 'asc').limit(limit).execute();
      return rows.reverse();
    }
    if (cursor.before !== undefined) q = q.where('seq', '<', cursor.before);
    return q.orderBy('seq', 'desc').limit(limit).execute();
  },
  /** Whether any matching event lies beyond `seq` in that direction: decides the "Newer"/"Older" links. */
  async any(ex: Executor, f: AuditReadFilter, direction: 'newer' | 'older', seq: number): Promise<boolean> {
    const row = await filtered(ex.selectFrom('audit_events').select('seq'), f)
      .where('seq', direction === 'newer' ? '>' : '<', seq)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },
  /** Matching events oldest first after `afterSeq`, whole rows: one batch of an export. */
  batch: (ex: Executor, f: AuditReadFilter, afterSeq: number, limit: number) =>
    filtered(ex.selectFrom('audit_events').selectAll(), f).where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(limit).execute(),
  /** One whole event, only if it belongs to the contract. */
  find: (ex: Executor, contractId: string, seq: number) =>
    ex.selectFrom('audit_events').selectAll().where('seq', '=', seq).where('contract_id', '=', contractId).executeTakeFirst(),
  /**
   * The contract's distinct actions by a loose index scan (one index seek per action) rather than
   * DISTINCT over every event of the contract. Plain recursive SQL: both dialects run it as written.
   */
  async actions(ex: Executor, contractId: string, max = 200): Promise<string[]> {
    const { rows } = await sql<{ action: string | null }>`
      with recursive a(action, n) as (
        select min(action), 1 from audit_events where contract_id = ${contractId}
        union all
        select (select min(e.action) from audit_events e where e.contract_id = ${contractId} and e.action > a.action), a.n + 1
        from a where a.action is not null and a.n < ${max}
      )
      select action from a where action is not null`.execute(ex);
    return rows.map((r) => r.action!);
  },
  /** The first leaf at or after a time, and the last before one: turn a date range into seq bounds. */
  firstSeqAtOrAfter: async (ex: Executor, time: string) =>
    (await ex.selectFrom('audit_events').select('seq').where('occurred_at', '>=', time).orderBy('occurred_at', 'asc').orderBy('seq', 'asc').limit(1).executeTakeFirst())?.seq,
  lastSeqBefore: async (ex: Executor, time: string) =>
    (await ex.selectFrom('audit_events').select('seq').where('occurred_at', '<', time).orderBy('occurred_at', 'desc').orderBy('seq', 'desc').limit(1).executeTakeFirst())?.seq,
  /** The highest committed leaf index, or -1 for an empty log: the fixed end of an export. */
  lastSeq: async (ex: Executor) => Number((await ex.selectFrom('audit_tree_head').select('size').where('id', '=', 1).executeTakeFirstOrThrow()).size) - 1,
};
