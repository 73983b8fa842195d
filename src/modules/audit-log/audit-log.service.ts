import type { Db, Executor } from '../../platform/db/index.ts';
import { iso, newId, type Clock } from '../../platform/kernel/index.ts';
import { buildAuditRow, type AuditEventInput } from './audit-event.ts';
import { auditRepository as repo } from './audit-log.repository.ts';

export type { AuditEventInput } from './audit-event.ts';

export interface AuditLog {
  /** Writes one event with the caller's transaction, so the event exists exactly when the change does. */
  record(trx: Executor, event: AuditEventInput): Promise<void>;
  /** Writes many events as consecutive leaves in one go (ingestion, bulk changes). */
  recordMany(trx: Executor, events: AuditEventInput[]): Promise<void>;
  listRecent(
    ex: Executor,
    filter: { actorId?: string; contractId?: string; action?: string; limit: number },
  ): ReturnType<typeof repo.listRecent>;
}

/**
 * The append side of the tamper-evident log. Each event becomes the next leaf of the Merkle tree:
 * its index is reserved under the tree head's lock inside the caller's transaction, and its leaf
 * hash is computed here; tiles and signed checkpoints are built from these leaves by the tree service.
 */
export function createAuditLog(deps: { clock: Clock }): AuditLog {
  async function recordMany(trx: Executor, events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    // Reserving the index and inserting the leaf must commit together, or a gap could appear.
    if (!trx.isTransaction) return (trx as Db).transaction().execute((t) => recordMany(t, events));
    const first = await repo.reserve(trx, events.length);
    const at = iso(deps.clock.now());
    // Built as inserted (a generator), not all first: see insertMany.
    await repo.insertMany(
      trx,
      (function* () {
        for (let i = 0; i < events.length; i++) yield buildAuditRow(events[i]!, first + i, newId(), at);
      })(),
    );
  }
  return {
    record: (trx, event) => recordMany(trx, [event]),
    recordMany,
    listRecent: (ex, filter) => repo.listRecent(ex, filter),
  };
}
