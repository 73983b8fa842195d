import { type UnitOfWork } from '../../platform/db/index.ts';
import type { AuditEventsTable } from './audit-log.tables.ts';
import { ConflictError, NotFoundError } from '../../platform/kernel/index.ts';
import type { AuditTreeService } from './audit-tree.service.ts';
import { auditIndexRepository } from './audit-index.repository.ts';
import { auditReadRepository, type AuditReadFilter } from './audit-read.repository.ts';
import type { AuditFilterQuery, AuditPageQuery } from './audit-read.schemas.ts';
import { auditNames, type AuditNameLookups } from './audit-names.ts';
import type { ContractPage } from './audit-pages.ts';
import { ACCESS_ACTIONS, sentenceOf } from './audit-story.ts';

export const PAGE_SIZE = 50;

/** What the reader needs from other modules, by shape only: it never reaches into their files. */
export interface AuditReadDeps extends AuditNameLookups {
  uow: UnitOfWork;
  auditTree: AuditTreeService;
  apiTokens: { list(filter: { contractId: string }): Promise<{ id: string; name: string }[]> };
  contracts: { members(contractId: string): Promise<{ id: string; displayName: string }[]> };
  /** How often checkpoints are signed: what a reader waiting for a proof is told. */
  checkpointSeconds?: number;
  /** The contract's pages by path and title: how a page view is put in words. */
  contractLinks?: readonly ContractPage[];
  /** Commits queued access records first, so a reader sees the requests made just before. */
  accessJournal?: { flush(): Promise<void> };
}

type Row = Pick<
  AuditEventsTable,
  | 'seq'
  | 'occurred_at'
  | 'actor_type'
  | 'actor_id'
  | 'action'
  | 'outcome'
  | 'resource_type'
  | 'resource_id'
  | 'privileged'
>;

const LONDON_OFFSET = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' });
/** Midnight in the UK on a civil date, as a UTC timestamp: people think of "the 3rd" in UK time. */
export function ukMidnight(day: string, plusDays = 0): string {
  const utc = new Date(`${day}T00:00:00.000Z`);
  utc.setUTCDate(utc.getUTCDate() + plusDays);
  const zone = LONDON_OFFSET.formatToParts(utc).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const hours = Number(/GMT([+-]\d+)/.exec(zone)?.[1] ?? 0);
  return new Date(utc.getTime() - hours * 3_600_000).toISOString();
}

export type AuditReadService = ReturnType<typeof createAuditReadService>;

/** Reading one contract's part of the audit log: pages, single records, proofs, filter choices. */
export function createAuditReadService(deps: AuditReadDeps) {
  const { uow, auditTree } = deps;
  const repo = auditReadRepository(uow);
  const index = auditIndexRepository(uow);

  /**
   * Turns the query into repository filters. occurred_at is stamped under the tree head's lock, so
   * it rises with seq: the date range also becomes a seq range, which bounds every index scan.
   */
  async function resolve(
    contractId: string,
    q: Omit<AuditFilterQuery, 'pageViews'> & { pageViews?: boolean },
  ): Promise<AuditReadFilter> {
    const f: AuditReadFilter = {
      contractId,
      actorId: q.user,
      action: q.action,
      outcome: q.outcome,
      resourceType: q.resourceType,
      resourceId: q.resourceId,
    };
    // Without page views: every other action the contract has (a short list), so each is read by its index.
    if (q.pageViews === false && !q.action)
      f.actions = (await repo.actions(contractId)).filter((a) => !ACCESS_ACTIONS.includes(a));
    if (q.from) {
      f.fromTime = ukMidnight(q.from);
      f.minSeq = (await repo.firstSeqAtOrAfter(f.fromTime)) ?? Number.MAX_SAFE_INTEGER;
    }
    if (q.to) {
      f.toTime = ukMidnight(q.to, 1);
      f.maxSeq = (await repo.lastSeqBefore(f.toTime)) ?? -1;
    }
    return f;
  }

  /** Display names for the actors of some events: people, the contract's tokens, system jobs. */
  async function actorNames(
    contractId: string,
    rows: Pick<Row, 'actor_type' | 'actor_id'>[],
  ): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const userIds = [...new Set(rows.filter((r) => r.actor_type === 'user' && r.actor_id).map((r) => r.actor_id!))];
    if (userIds.length) for (const u of await deps.users.list({ ids: userIds })) names.set(u.id, u.displayName);
    if (rows.some((r) => r.actor_type === 'token'))
      for (const t of await deps.apiTokens.list({ contractId })) names.set(t.id, `API token “${t.name}”`);
    for (const r of rows)
      if (r.actor_type === 'system' && r.actor_id)
        names.set(r.actor_id, `System (${r.actor_id.replace(/^system:/, '')})`);
    return names;
  }
  const nameOf = (names: Map<string, string>, r: Pick<Row, 'actor_type' | 'actor_id'>) =>
    (r.actor_id && names.get(r.actor_id)) ??
    (r.actor_type === 'anonymous' ? 'Someone not signed in' : `Unknown ${r.actor_type} ${r.actor_id ?? ''}`.trim());

  const summary = (names: Map<string, string>) => (r: Row) => ({
    seq: Number(r.seq),
    occurredAt: r.occurred_at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: nameOf(names, r),
    /** Whether the actor is still known by name (an account or token may be gone). */
    actorNamed: Boolean(r.actor_id && names.has(r.actor_id)),
    action: r.action,
    outcome: r.outcome,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    privileged: Boolean(Number(r.privileged)),
  });

  async function find(contractId: string, seq: number) {
    const row = Number.isSafeInteger(seq) && seq >= 0 ? await repo.find(contractId, seq) : undefined;
    if (!row) throw new NotFoundError('The audit event');
    return row;
  }

  return {
    /** How long a reader waits at most for an event's proof. */
    checkpointSeconds: deps.checkpointSeconds ?? 10,
    resolve,
    actorNames,
    nameOf,
    /** The choices of the filter form: people with a role, the contract's tokens, actions seen. */
    async choices(contractId: string) {
      const [people, tokens, actions] = await Promise.all([
        deps.contracts.members(contractId),
        deps.apiTokens.list({ contractId }),
        repo.actions(contractId),
      ]);
      return { people, tokens, actions };
    },
    /** One page, newest first, with the keyset positions of the next pages either way. */
    async page(contractId: string, q: AuditPageQuery, limit = PAGE_SIZE) {
      await deps.accessJournal?.flush();
      await index.boundTail();
      const f = await resolve(contractId, q);
      const rows = await repo.page(f, { before: q.before, after: q.after }, limit);
      const top = rows[0]?.seq;
      const bottom = rows.at(-1)?.seq;
      // An empty page after a stale link still offers a way back: {} is the newest page.
      const newer: { after?: number } | undefined =
        top !== undefined
          ? (await repo.any(f, 'newer', Number(top)))
            ? { after: Number(top) }
            : undefined
          : q.before !== undefined
            ? {}
            : undefined;
      const older: { before?: number } | undefined =
        bottom !== undefined
          ? (await repo.any(f, 'older', Number(bottom)))
            ? { before: Number(bottom) }
            : undefined
          : q.after !== undefined
            ? { before: q.after + 1 }
            : undefined;
      const names = await actorNames(contractId, rows);
      return { events: rows.map(summary(names)), newer, older };
    },
    /**
     * A page of events told as a story: each with a sentence of what it did, made from its signed
     * action, resource and details, and the names of what it points to (looked up once per page).
     */
    async story<E extends ReturnType<ReturnType<typeof summary>>>(contractId: string, events: E[]) {
      const details = await repo.details(events.map((e) => e.seq));
      const told = events.map((e) => ({ ...e, details: parseDetails(details.get(e.seq)) }));
      const names = await auditNames(deps, contractId, told);
      return told.map(({ details: d, ...e }) => ({
        ...e,
        who: storyActor(e),
        what: sentenceOf({ ...e, details: d }, names, deps.contractLinks ?? []),
      }));
    },
    /** One whole event of the contract (404 for any other contract's). */
    async get(contractId: string, seq: number) {
      const row = await find(contractId, seq);
      const names = await actorNames(contractId, [row]);
      const checkpoint = await auditTree.latestCheckpoint();
      return {
        ...summary(names)(row),
        id: row.id,
        organisationId: row.actor_organisation_id,
        sourceAddress: row.source_address,
        userAgent: row.user_agent,
        requestId: row.request_id,
        leafHash: row.leaf_hash,
        canonicalEvent: row.event,
        event: JSON.parse(row.event) as Record<string, unknown>,
        proofReady: checkpoint !== undefined && Number(checkpoint.size) > seq,
      };
    },
    /** The RFC 9162 inclusion proof of a contract's event, once a signed checkpoint covers it. */
    async proof(contractId: string, seq: number) {
      await find(contractId, seq);
      const checkpoint = await auditTree.latestCheckpoint();
      if (!checkpoint || Number(checkpoint.size) <= seq) throw new ProofPendingError(deps.checkpointSeconds ?? 10);
      return auditTree.prove(seq);
    },
  };
}

// Never an id on the page: an account or token that has gone is still someone, just no longer named.
const UNNAMED = { anonymous: 'Someone not signed in', user: 'A former user', token: 'A deleted API token' };
/** Who did it, as the page says: a name, Custodian for its own jobs, or what is left of someone gone. */
function storyActor(e: { actorType: string; actorName: string; actorNamed: boolean }): string {
  if (e.actorType === 'system') return 'Custodian';
  return e.actorNamed ? e.actorName : (UNNAMED[e.actorType as keyof typeof UNNAMED] ?? 'Someone');
}

function parseDetails(text: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The event exists but no signed checkpoint covers it yet: the next one will, within seconds. */
export class ProofPendingError extends ConflictError {
  constructor(readonly seconds: number) {
    super(
      'proof_pending',
      `The proof will be available within ${seconds} seconds: the event is not yet covered by a signed checkpoint. Try again then.`,
      { retryAfterSeconds: seconds },
    );
  }
}
