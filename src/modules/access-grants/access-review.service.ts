import type { AuditLog } from '../audit-log/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { actorId, iso, newId, ValidationError, type Actor, type Clock } from '../../platform/kernel/index.ts';
import type { AccessGrantsRepository } from './access-grants.repository.ts';
import type { Grant } from './access-grants.schemas.ts';
import { toGrant } from './grant-record.ts';
import type { RevocationClocks } from './revocation-clocks.ts';

type Names = { person(id: string): string; system(id: string): string };

/** A review as kept: who ran it, when, and how many grants were confirmed and removed. */
export interface AccessReview {
  id: string;
  reviewedAt: string;
  reviewedBy: string;
  confirmed: number;
  removed: number;
}

/**
 * The access review (annex 6.5, least privilege): the security manager goes through every current
 * grant of the contract and confirms or removes each. The review and every decision are kept; each
 * removal starts a revocation clock, like a leaver's. A review must decide every current grant.
 */
export function createReviewService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  repo: AccessGrantsRepository;
  clocks: RevocationClocks;
  names: (contractId: string) => Promise<Names>;
  personnel: { today(): string };
}) {
  const { uow, clock, audit, repo } = deps;
  const db = repo.reviews;
  return {
    /** The grants a review decides: those held with no revocation asked for. */
    async pending(contractId: string): Promise<Grant[]> {
      const names = await deps.names(contractId);
      return (await repo.list(contractId, { current: true })).map((r) => toGrant(r, names));
    },
    list: async (contractId: string): Promise<AccessReview[]> =>
      (await db.list(contractId)).map((r) => ({
        id: r.id,
        reviewedAt: r.reviewed_at,
        reviewedBy: r.reviewed_by,
        confirmed: r.confirmed,
        removed: r.removed,
      })),
    /** Records a review: `decisions` maps every current grant's id to 'confirm' or 'remove'. */
    async record(actor: Actor, contractId: string, decisions: Record<string, unknown>): Promise<AccessReview> {
      return uow.transaction(async () => {
        const names = await deps.names(contractId);
        const grants = await repo.list(contractId, { current: true });
        if (grants.length === 0) throw new ValidationError({ decisions: 'There is no current access to review' });
        const fields: Record<string, string> = {};
        for (const g of grants)
          if (decisions[g.id] !== 'confirm' && decisions[g.id] !== 'remove')
            fields[`decision-${g.id}`] =
              `Select whether ${names.person(g.person_id)} still needs ${g.level} access to ${names.system(g.system_id)}`;
        if (Object.keys(fields).length) throw new ValidationError(fields);
        const removed = grants.filter((g) => decisions[g.id] === 'remove');
        const review = {
          id: newId(),
          contract_id: contractId,
          reviewed_at: iso(clock.now()),
          reviewed_by: actorId(actor),
          confirmed: grants.length - removed.length,
          removed: removed.length,
        };
        await db.insert(
          review,
          grants.map((g) => ({
            review_id: review.id,
            grant_id: g.id,
            decision: decisions[g.id] as 'confirm' | 'remove',
          })),
        );
        await audit.record({
          actor,
          action: 'access-review.complete',
          contractId,
          resource: { type: 'access-review', id: review.id },
          details: { confirmed: review.confirmed, removed: review.removed },
        });
        const today = deps.personnel.today();
        await deps.clocks.start(
          actor,
          contractId,
          removed.map((g) => ({
            grant: g,
            personName: names.person(g.person_id),
            systemName: names.system(g.system_id),
            cause: 'review' as const,
            date: today,
          })),
        );
        return {
          id: review.id,
          reviewedAt: review.reviewed_at,
          reviewedBy: review.reviewed_by,
          confirmed: review.confirmed,
          removed: review.removed,
        };
      });
    },
  };
}
