import { sql, type SelectQueryBuilder } from 'kysely';
import type { ModuleDb, UnitOfWork } from '../../platform/db/index.ts';
import type { AuditLogTables } from './audit-log.tables.ts';
import { auditIndexRepository } from './audit-index.repository.ts';
import { INDEX_PROJECTION } from './audit-projection.ts';

/** What a reader may filter a contract's events by; every field but contractId is optional. */
export interface AuditReadFilter {
  contractId: string;
  actorId?: string;
  action?: string;
  /** Only events of one of these actions (the page without page views: every other action the contract has). */
  actions?: readonly string[];
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
const SUMMARY = ['seq', ...INDEX_PROJECTION] as const;

function filtered<O>(q: SelectQueryBuilder<AuditLogTables, 'audit_events', O>, f: AuditReadFilter) {
  return q
    .where('contract_id', '=', f.contractId)
    .$if(f.actorId !== undefined, (qb) => qb.where('actor_id', '=', f.actorId!))
    .$if(f.action !== undefined, (qb) => qb.where('action', '=', f.action!))
    .$if(f.actions !== undefined, (qb) =>
      f.actions!.length ? qb.where('action', 'in', f.actions!) : qb.where(sql<boolean>`1 = 0`),
    )
    .$if(f.outcome !== undefined, (qb) => qb.where('outcome', '=', f.outcome!))
    .$if(f.resourceType !== undefined, (qb) => qb.where('resource_type', '=', f.resourceType!))
    .$if(f.resourceId !== undefined, (qb) => qb.where('resource_id', '=', f.resourceId!))
    .$if(f.fromTime !== undefined, (qb) => qb.where('occurred_at', '>=', f.fromTime!))
    .$if(f.toTime !== undefined, (qb) => qb.where('occurred_at', '<', f.toTime!))
    .$if(f.minSeq !== undefined, (qb) => qb.where('seq', '>=', f.minSeq!))
    .$if(f.maxSeq !== undefined, (qb) => qb.where('seq', '<=', f.maxSeq!));
}

// The read index has the same column names as audit_events for every column a page filters on or
// shows, so one filter serves both; typed as audit_events here, it is only ever given those columns.
const fromIndex = (db: ModuleDb<AuditLogTables>) =>
  db().selectFrom('audit_event_index') as unknown as SelectQueryBuilder<AuditLogTables, 'audit_events', object>;
type IndexQuery<O> = SelectQueryBuilder<AuditLogTables, 'audit_events', O>;

/**
 * A read of the index for a list of actions, one (contract, action, seq) index range per action,
 * merged: each part stops at its own limit, so a page of changes costs the same however many page
 * views lie between them. `part` builds the query for one action; `order` and `limit` apply to the whole.
 */
function perAction<O>(
  db: ModuleDb<AuditLogTables>,
  f: AuditReadFilter,
  part: (g: AuditReadFilter) => IndexQuery<O>,
  order: 'asc' | 'desc',
  limit: number,
) {
  if (f.actions === undefined) return part(f);
  const parts = f.actions.map(
    (action, i) =>
      // Typed as the index query it wraps: the subquery's columns are that query's.
      db()
        .selectFrom(part({ ...f, actions: undefined, action }).as(`a${i}`) as never)
        .selectAll() as unknown as IndexQuery<O>,
  );
  if (parts.length === 0) return part(f); // matches nothing: filtered() says so
  return parts
    .slice(1)
    .reduce((all, q) => all.unionAll(q), parts[0]!)
    .orderBy('seq' as never, order)
    .limit(limit);
}

/**
 * Reads of the audit log for people and exports. Events below the read index's watermark come from
 * audit_event_index (keyed by contract, see the audit-event-index migration); the few at or above
 * it, not yet indexed, from audit_events by a short scan of the newest leaves. The watermark is
 * read once per call and splits the two exactly, so nothing is missed or doubled while the index
 * moves on. Every query is keyset-paged on `seq`: never OFFSET, never a count of the whole log.
 */
export function auditReadRepository(uow: UnitOfWork) {
  const db = uow.tables<AuditLogTables>();
  const index = auditIndexRepository(uow);
  const watermark = async () => (await index.state()).indexed;
  return {
    /** One page of summaries, newest first: below `before`, above `after` (nearest first), or the newest. */
    async page(f: AuditReadFilter, cursor: { before?: number; after?: number }, limit: number) {
      const w = await watermark();
      const part = (q: IndexQuery<object>, g: AuditReadFilter, n: number) => {
        const p = filtered(q.select([...SUMMARY]), g);
        if (cursor.after !== undefined) return p.where('seq', '>', cursor.after).orderBy('seq', 'asc').limit(n);
        return (cursor.before !== undefined ? p.where('seq', '<', cursor.before) : p).orderBy('seq', 'desc').limit(n);
      };
      // Nearest first: ascending reads the index before the tail, descending the tail before the index.
      const indexed = (n: number) =>
        perAction(
          db,
          f,
          (g) => part(fromIndex(db), g, n).where('seq', '<', w),
          cursor.after !== undefined ? 'asc' : 'desc',
          n,
        );
      const tail = (n: number) => part(db().selectFrom('audit_events'), f, n).where('seq', '>=', w);
      const [first, second] = cursor.after !== undefined ? [indexed, tail] : [tail, indexed];
      const skipFirst =
        cursor.after !== undefined ? cursor.after >= w - 1 : cursor.before !== undefined && cursor.before <= w;
      const rows = skipFirst ? [] : await first(limit).execute();
      if (rows.length < limit) rows.push(...(await second(limit - rows.length).execute()));
      return cursor.after !== undefined ? rows.reverse() : rows;
    },
    /** Whether any matching event lies beyond `seq` in that direction: decides the "Newer"/"Older" links. */
    async any(f: AuditReadFilter, direction: 'newer' | 'older', seq: number): Promise<boolean> {
      const w = await watermark();
      const probe = (q: IndexQuery<object>, g: AuditReadFilter) =>
        filtered(q.select('seq'), g)
          .where('seq', direction === 'newer' ? '>' : '<', seq)
          .limit(1);
      if (direction === 'newer' ? seq < w - 1 : seq > 0) {
        const indexed = perAction(db, f, (g) => probe(fromIndex(db).where('seq', '<', w), g), 'asc', 1);
        if (await indexed.executeTakeFirst()) return true;
      }
      return (
        (direction === 'newer' || seq > w) &&
        (await probe(db().selectFrom('audit_events').where('seq', '>=', w), f).executeTakeFirst()) !== undefined
      );
    },
    /** Matching events oldest first after `afterSeq`, whole rows: one batch of an export. */
    async batch(f: AuditReadFilter, afterSeq: number, limit: number) {
      const w = await watermark();
      const rows =
        afterSeq >= w - 1
          ? []
          : await filtered(fromIndex(db).select('seq'), f)
              .where('seq', '>', afterSeq)
              .where('seq', '<', w)
              .orderBy('seq', 'asc')
              .limit(limit)
              .execute()
              .then((keys) =>
                keys.length
                  ? db()
                      .selectFrom('audit_events')
                      .selectAll()
                      .where(
                        'seq',
                        'in',
                        keys.map((k) => k.seq),
                      )
                      .orderBy('seq', 'asc')
                      .execute()
                  : [],
              );
      if (rows.length < limit)
        rows.push(
          ...(await filtered(db().selectFrom('audit_events').selectAll(), f)
            .where('seq', '>', afterSeq)
            .where('seq', '>=', w)
            .orderBy('seq', 'asc')
            .limit(limit - rows.length)
            .execute()),
        );
      return rows;
    },
    /** The details of some events (a page's), by seq: what the page's sentences are made from. */
    async details(seqs: readonly number[]): Promise<Map<number, string>> {
      if (!seqs.length) return new Map();
      const rows = await db()
        .selectFrom('audit_events')
        .select(['seq', 'details'])
        .where('seq', 'in', [...seqs])
        .execute();
      return new Map(rows.map((r) => [Number(r.seq), r.details]));
    },
    /** One whole event, only if it belongs to the contract. */
    find: (contractId: string, seq: number) =>
      db()
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', '=', seq)
        .where('contract_id', '=', contractId)
        .executeTakeFirst(),
    /**
     * The contract's distinct actions: from the index by a loose index scan (one index seek per
     * action) rather than DISTINCT over every event of the contract, plus those of the tail. Plain
     * recursive SQL: both dialects run it as written.
     */
    async actions(contractId: string, max = 200): Promise<string[]> {
      const w = await watermark();
      const { rows } = await sql<{ action: string | null }>`
        with recursive a(action, n) as (
          select min(action), 1 from audit_event_index where contract_id = ${contractId}
          union all
          select (select min(e.action) from audit_event_index e where e.contract_id = ${contractId} and e.action > a.action), a.n + 1
          from a where a.action is not null and a.n < ${max}
        )
        select action from a where action is not null`.execute(db());
      const tail = await db()
        .selectFrom('audit_events')
        .select('action')
        .distinct()
        .where('seq', '>=', w)
        .where('contract_id', '=', contractId)
        .execute();
      const all = new Set([...rows.map((r) => r.action!), ...tail.map((r) => r.action)]);
      return [...all].sort().slice(0, max);
    },
    /** The first leaf at or after a time, and the last before one: turn a date range into seq bounds. */
    firstSeqAtOrAfter: async (time: string) =>
      (
        await db()
          .selectFrom('audit_events')
          .select('seq')
          .where('occurred_at', '>=', time)
          .orderBy('occurred_at', 'asc')
          .orderBy('seq', 'asc')
          .limit(1)
          .executeTakeFirst()
      )?.seq,
    lastSeqBefore: async (time: string) =>
      (
        await db()
          .selectFrom('audit_events')
          .select('seq')
          .where('occurred_at', '<', time)
          .orderBy('occurred_at', 'desc')
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst()
      )?.seq,
    /** The highest committed leaf index, or -1 for an empty log: the fixed end of an export. */
    lastSeq: async () =>
      Number(
        (await db().selectFrom('audit_tree_head').select('size').where('id', '=', 1).executeTakeFirstOrThrow()).size,
      ) - 1,
  };
}
