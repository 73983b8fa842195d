import { type UnitOfWork } from '../../platform/db/index.ts';
import { iso, newId, NotFoundError, ValidationError, type Actor, type Clock } from '../../platform/kernel/index.ts';
import { TILE_WIDTH } from '../../platform/merkle/index.ts';
import { auditRepository } from './audit-log.repository.ts';
import type { AuditLog } from './audit-log.service.ts';
import { auditTreeRepository } from './audit-tree.repository.ts';
import { retentionRepository } from './audit-retention.repository.ts';

/** `months` calendar months before `d`, clamped to the end of a shorter month (31 Mar − 1 month = 28/29 Feb). */
export function monthsBefore(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() - months;
  const target = new Date(
    Date.UTC(y, m, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target;
}

export type AuditRetentionService = ReturnType<typeof createAuditRetentionService>;

/**
 * Retention (clause B8: at least 6 Months). Purges event *content* older than the retention period
 * on 256-leaf tile boundaries, only below a signed checkpoint, never under a legal hold, and records
 * each purge as an event in the log itself. Leaf hashes stay in the tiles, so proofs stay valid.
 */
export function createAuditRetentionService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  retentionMonths: number;
}) {
  const { uow, clock, audit } = deps;
  const events = auditRepository(uow);
  const tree = auditTreeRepository(uow);
  const repo = retentionRepository(uow);
  return {
    async purge(actor: Actor): Promise<{ from: number; to: number } | undefined> {
      return uow.transaction(async () => {
        const head = await events.head();
        const cutoff = iso(monthsBefore(clock.now(), deps.retentionMonths));
        const checkpoint = await tree.latestCheckpoint();
        let limit = Math.min(head.tiled_size, checkpoint?.size ?? 0);
        const firstKept = await repo.firstAtOrAfter(head.purged_below, cutoff);
        if (firstKept !== undefined) limit = Math.min(limit, firstKept);
        for (const hold of await repo.activeHolds())
          if (hold.to_seq >= head.purged_below) limit = Math.min(limit, hold.from_seq);
        const to = Math.floor(limit / TILE_WIDTH) * TILE_WIDTH;
        if (to <= head.purged_below) return undefined;
        await repo.deleteRange(head.purged_below, to);
        await audit.record({
          actor,
          action: 'audit.purge',
          details: { from: head.purged_below, to, cutoff, retentionMonths: deps.retentionMonths },
        });
        return { from: head.purged_below, to };
      });
    },
    async hold(actor: Actor, input: { from: number; to: number; reason: string }): Promise<string> {
      const reason = input.reason.trim();
      if (!reason) throw new ValidationError({ reason: 'Enter the reason for the legal hold' });
      if (
        !Number.isSafeInteger(input.from) ||
        !Number.isSafeInteger(input.to) ||
        input.from < 0 ||
        input.to < input.from
      )
        throw new ValidationError({ from: 'Enter a range of event indexes, first to last' });
      const id = newId();
      await uow.transaction(async () => {
        await repo.insertHold({
          id,
          from_seq: input.from,
          to_seq: input.to,
          reason: reason.slice(0, 500),
          created_by:
            actor.type === 'user' ? actor.userId : actor.type === 'system' ? `system:${actor.name}` : 'unknown',
          created_at: iso(clock.now()),
          released_at: null,
        });
        await audit.record({
          actor,
          action: 'audit.legal-hold',
          resource: { type: 'legal-hold', id },
          details: { from: input.from, to: input.to, reason },
        });
      });
      return id;
    },
    async release(actor: Actor, id: string): Promise<void> {
      await uow.transaction(async () => {
        if (!(await repo.releaseHold(id, iso(clock.now()))))
          throw new NotFoundError('An active legal hold with that id');
        await audit.record({ actor, action: 'audit.legal-hold-release', resource: { type: 'legal-hold', id } });
      });
    },
    holds: () => repo.allHolds(),
  };
}
