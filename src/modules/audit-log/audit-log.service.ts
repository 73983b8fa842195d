import { type UnitOfWork } from '../../platform/db/index.ts';
import { iso, newId, type Clock } from '../../platform/kernel/index.ts';
import { buildAuditRow, type AuditEventInput, type AuditServer } from './audit-event.ts';
import { auditRepository } from './audit-log.repository.ts';

export type { AuditEventInput } from './audit-event.ts';

export interface AuditLog {
  /**
   * Writes one event in the caller's transaction (ambient: see UnitOfWork), so the event exists
   * exactly when the change does. Outside a transaction it commits on its own.
   */
  record(event: AuditEventInput): Promise<void>;
  /** Writes many events as consecutive leaves in one go (ingestion, bulk changes, access records). */
  recordMany(events: AuditEventInput[]): Promise<void>;
  /** The latest events, newest first, optionally of one actor, contract or action. */
  listRecent(filter: {
    actorId?: string;
    contractId?: string;
    action?: string;
    limit: number;
  }): ReturnType<ReturnType<typeof auditRepository>['listRecent']>;
}

/**
 * The append side of the tamper-evident log. Each event becomes the next leaf of the Merkle tree:
 * its index is reserved under the tree head's lock inside the caller's transaction, and its leaf
 * hash is computed here; tiles and signed checkpoints are built from these leaves by the tree service.
 */
export function createAuditLog(deps: {
  uow: UnitOfWork;
  clock: Clock;
  /** The installation's public address: its host is the target sign-in events name. */
  publicUrl?: string;
}): AuditLog {
  const repo = auditRepository(deps.uow);
  const server: AuditServer | undefined = deps.publicUrl ? { hostname: new URL(deps.publicUrl).hostname } : undefined;
  async function recordMany(events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    // Reserving the index and inserting the leaf must commit together, or a gap could appear.
    await deps.uow.transaction(async () => {
      const first = await repo.reserve(events.length);
      const at = iso(deps.clock.now());
      // Built as inserted (a generator), not all first: see insertMany.
      await repo.insertMany(
        (function* () {
          for (let i = 0; i < events.length; i++) yield buildAuditRow(events[i]!, first + i, newId(), at, server);
        })(),
      );
    });
  }
  return {
    record: (event) => recordMany([event]),
    recordMany,
    listRecent: (filter) => repo.listRecent(filter),
  };
}
