import crypto from 'node:crypto';
import type { AuditLog } from '../audit-log/index.ts';
import { formatLong } from '../../platform/calendar/index.ts';
import { iso, newId, NotFoundError, type Actor, type Clock, type RequestContext } from '../../platform/kernel/index.ts';
import { deadlinesCalendar } from './deadline-ics.ts';
import { ownerWords } from './deadlines.schemas.ts';
import { deadlinesOf, type MineDeps } from './deadline-mine.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { deadlinesRepository } from './deadlines.repository.ts';

const PREFIX = 'cdf_';
const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export type DeadlineFeedService = ReturnType<typeof createDeadlineFeedService>;

/**
 * Each person's deadlines as an iCalendar feed at a private address, for Outlook or Google
 * Calendar. The address holds a random token (stored as its SHA-256 only, shown once); making a new
 * one revokes the old. Each fetch is recorded in the audit log: it is a read of contract data.
 */
export function createDeadlineFeedService(
  deps: MineDeps & {
    uow: UnitOfWork;
    clock: Clock;
    audit: AuditLog;
    users: { get(id: string): Promise<{ status: 'active' | 'invited' | 'disabled' }> };
    publicUrl: string;
  },
) {
  const { uow, clock, audit } = deps;
  const repo = deadlinesRepository(uow);
  return {
    async status(userId: string): Promise<{ active: boolean; createdAt?: string }> {
      const live = await repo.feeds.live(userId);
      return live ? { active: true, createdAt: live.created_at } : { active: false };
    },
    /** A new private address (the old one stops working). The URL is returned once and never stored. */
    async renew(actor: Extract<Actor, { type: 'user' }>): Promise<{ url: string }> {
      const token = `${PREFIX}${crypto.randomBytes(24).toString('base64url')}`;
      const at = iso(clock.now());
      const id = newId();
      await uow.transaction(async () => {
        await repo.feeds.revokeAll(actor.userId, at);
        await repo.feeds.insert({
          id,
          user_id: actor.userId,
          token_hash: hash(token),
          created_at: at,
          revoked_at: null,
        });
        await audit.record({ actor, action: 'deadline-feed.create', resource: { type: 'deadline-feed', id } });
      });
      return { url: `${deps.publicUrl.replace(/\/$/, '')}/feeds/deadlines/${token}.ics` };
    },
    async revoke(actor: Extract<Actor, { type: 'user' }>): Promise<void> {
      await uow.transaction(async () => {
        await repo.feeds.revokeAll(actor.userId, iso(clock.now()));
        await audit.record({
          actor,
          action: 'deadline-feed.revoke',
          resource: { type: 'deadline-feed', id: actor.userId },
        });
      });
    },
    /**
     * Revokes the person's live feed when every session of their account ends (disabled, password
     * or MFA reset): the private address must not outlive the entitlement it was made under.
     */
    async revokeWithSessions(userId: string): Promise<void> {
      const live = await repo.feeds.live(userId);
      if (!live) return;
      await repo.feeds.revokeAll(userId, iso(clock.now()));
      await audit.record({
        actor: { type: 'system', name: 'deadline-feed' },
        action: 'deadline-feed.revoke',
        resource: { type: 'deadline-feed', id: live.id },
        details: { userId, reason: 'every session of the account was ended (disabled, or its password or MFA reset)' },
      });
    },
    /** The feed for a token, as text/calendar; an unknown or revoked token is simply not found. */
    async render(token: string, request: RequestContext): Promise<string> {
      const bare = token.endsWith('.ics') ? token.slice(0, -4) : token;
      if (!bare.startsWith(PREFIX) || bare.length > 100) throw new NotFoundError('The calendar feed');
      const feed = await repo.feeds.byHash(hash(bare));
      if (!feed) throw new NotFoundError('The calendar feed');
      // Dies with the account, whatever happened to the feed itself.
      if ((await deps.users.get(feed.user_id)).status !== 'active') throw new NotFoundError('The calendar feed');
      const mine = await deadlinesOf(deps, feed.user_id);
      // A read of each contract whose deadlines the feed carries: one record per contract, so
      // each contract's auditors see it (and one without a contract for an empty feed).
      const contracts = [...new Set(mine.map((m) => m.contract.id))];
      await audit.recordMany(
        (contracts.length ? contracts : [null]).map((contractId) => ({
          // The feed job reads for whoever holds the address: the fetch is the outside request.
          actor: { type: 'system', name: 'deadline-feed', request },
          action: 'deadline-feed.read',
          resource: { type: 'deadline-feed', id: feed.id },
          contractId,
          outcome: 'success',
          details: {
            userId: feed.user_id,
            deadlines: mine.filter((m) => m.contract.id === contractId).length,
            sourceAddress: request.sourceAddress,
            userAgent: request.userAgent?.slice(0, 200),
          },
        })),
      );
      const base = deps.publicUrl.replace(/\/$/, '');
      return deadlinesCalendar(
        mine.map(({ deadline: d, contract: c }) => ({
          uid: `${d.id}@custodian`,
          date: d.dueDate,
          // From the stored state, not the clock: the event changes only with a revision (SEQUENCE).
          summary: `${d.status === 'missed' && d.metAt === null ? 'OVERDUE: ' : ''}${c.orderReference} ${d.clause} ${d.title}`,
          description: `${d.title} (clause ${d.clause}), ${ownerWords(d.ownerParty)}.\nDue by the end of ${formatLong(d.dueDate)} (UK time).\n${d.explanation}.`,
          url: `${base}/contracts/${c.id}/deadlines`,
          createdAt: d.createdAt,
          updatedAt: d.updatedAt,
          revision: d.revision,
        })),
      );
    },
  };
}
