import type { AuditLog } from '../audit-log/index.ts';
import { fromFlag, type UnitOfWork } from '../../platform/db/index.ts';
import type { AccountsTables } from './accounts.tables.ts';
import type { Principal, SignedInUser } from '../../platform/auth/index.ts';
import {
  addMinutes,
  hashSecret,
  iso,
  newSecret,
  type Actor,
  type Clock,
  type RequestContext,
} from '../../platform/kernel/index.ts';
import { sessionsRepository, throttlesRepository } from './sessions.repository.ts';
import { usersRepository, type UserRow } from './users.repository.ts';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

// A half-signed-in session (password done, MFA not yet) lives only this long.
const PENDING_MINUTES = 10;
// Refresh last_seen_at at most once a minute: the idle timeout needs no finer grain.
const TOUCH_EVERY_MS = 60_000;

export type SessionStage = 'mfa-enrol' | 'mfa-verify' | 'active';
export type SessionsService = ReturnType<typeof createSessionsService>;

/** Server-side sessions: creation (always a new id), resolution with idle and absolute timeouts, ending. */
export function createSessionsService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  policy: SessionPolicy;
  organisationKindOf: (orgId: string) => Promise<SignedInUser['organisationKind']>;
}) {
  const { uow, clock, audit, policy } = deps;
  const tables = uow.tables<AccountsTables>();
  const sessions = sessionsRepository(tables);
  const throttles = throttlesRepository(tables);
  const users = usersRepository(tables);

  /** Starts a session and returns the cookie value (only its hash is stored). */
  async function start(userId: string, stage: SessionStage, request?: RequestContext): Promise<string> {
    const token = newSecret();
    const now = clock.now();
    const expires = stage === 'active' ? addMinutes(now, policy.absoluteHours * 60) : addMinutes(now, PENDING_MINUTES);
    await sessions.insert({
      id: hashSecret(token),
      user_id: userId,
      stage,
      created_at: iso(now),
      last_seen_at: iso(now),
      absolute_expires_at: iso(expires),
      source_address: request?.sourceAddress ?? null,
      user_agent: request?.userAgent?.slice(0, 512) ?? null,
    });
    return token;
  }

  const allEnded: ((userId: string) => Promise<void>)[] = [];

  async function toSignedInUser(row: UserRow): Promise<SignedInUser> {
    return {
      id: row.id,
      organisationId: row.organisation_id,
      organisationKind: await deps.organisationKindOf(row.organisation_id),
      email: row.email,
      displayName: row.display_name,
      isSystemAdmin: fromFlag(row.is_system_admin),
    };
  }

  return {
    start,
    /** Replaces a session with a new id (at MFA success and any privilege change), keeping the user. */
    async rotate(oldSessionId: string, userId: string, stage: SessionStage, request?: RequestContext): Promise<string> {
      await sessions.delete(oldSessionId);
      return start(userId, stage, request);
    },
    /** Looks up a cookie value; ends and records sessions past their idle or absolute timeout. */
    async resolve(cookieValue: string): Promise<Exclude<Principal, { kind: 'anonymous' | 'token' }> | undefined> {
      const id = hashSecret(cookieValue);
      const row = await sessions.find(id);
      if (!row) return undefined;
      const now = clock.now();
      const idleLimit = row.stage === 'active' ? policy.idleMinutes : PENDING_MINUTES;
      const expired =
        Date.parse(row.absolute_expires_at) <= now.getTime() ||
        Date.parse(row.last_seen_at) + idleLimit * 60_000 <= now.getTime();
      const user = await users.findById(row.user_id);
      if (expired || !user || user.disabled_at) {
        await uow.transaction(async () => {
          // A concurrent request may have ended it already: one expiry, recorded once.
          if (!(await sessions.delete(id))) return;
          await audit.record({
            actor: { type: 'system', name: 'sessions' },
            action: 'auth.session-expired',
            resource: { type: 'user', id: row.user_id },
            details: { reason: expired ? 'timeout' : 'account-disabled', stage: row.stage },
          });
        });
        return undefined;
      }
      if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) await sessions.touch(id, iso(now));
      const signedIn = await toSignedInUser(user);
      if (row.stage === 'active') return { kind: 'user', sessionId: id, user: signedIn };
      return { kind: 'pending', sessionId: id, stage: row.stage, user: signedIn };
    },
    async end(actor: Actor, sessionId: string, userId: string): Promise<void> {
      await uow.transaction(async () => {
        await sessions.delete(sessionId);
        await audit.record({ actor, action: 'auth.sign-out', resource: { type: 'user', id: userId } });
      });
    },
    /**
     * Ends every session of a user (disabled, password changed or reset, MFA reset, privileges
     * changed), and with them whatever else was registered to end (onAllEnded), in the caller's transaction.
     */
    async endAllFor(userId: string): Promise<number> {
      const ended = await sessions.deleteForUser(userId);
      for (const listener of allEnded) await listener(userId);
      return ended;
    },
    /**
     * Runs `listener` in each transaction that ends every session of a user: access that needs no
     * session (a calendar feed's private address) must end with the account's sessions.
     */
    onAllEnded(listener: (userId: string) => Promise<void>): void {
      allEnded.push(listener);
    },
    /** Housekeeping: ends sessions past either timeout, each recorded as an expiry, and forgets stale throttles. */
    async purgeExpired(): Promise<number> {
      const now = clock.now();
      return uow.transaction(async () => {
        const expired = await sessions.listExpired(
          iso(now),
          iso(addMinutes(now, -policy.idleMinutes)),
          iso(addMinutes(now, -PENDING_MINUTES)),
        );
        for (const row of expired) {
          await sessions.delete(row.id);
          await audit.record({
            actor: { type: 'system', name: 'sessions' },
            action: 'auth.session-expired',
            resource: { type: 'user', id: row.user_id },
            details: { reason: 'timeout', stage: row.stage },
          });
        }
        await throttles.deleteStale(now.getTime());
        return expired.length;
      });
    },
  };
}
