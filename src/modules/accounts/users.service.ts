import type { AuditLog } from '../audit-log/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import { fromFlag, toFlag, uniqueViolation, type UnitOfWork } from '../../platform/db/index.ts';
import type { AccountsTables } from './accounts.tables.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  ConflictError,
  iso,
  newId,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import type { AccountLinksService } from './account-links.service.ts';
import { createUserInput, userDetailsInput, type User } from './accounts.schemas.ts';
import type { IssuedLink } from './link-terms.ts';
import type { SessionsService } from './sessions.service.ts';
import { usersRepository, type UserRow } from './users.repository.ts';

export const toUser = (r: UserRow): User => ({
  id: r.id,
  organisationId: r.organisation_id,
  email: r.email,
  displayName: r.display_name,
  isSystemAdmin: fromFlag(r.is_system_admin),
  status: r.disabled_at ? 'disabled' : r.password_hash ? 'active' : 'invited',
  mfaEnrolled: Boolean(r.mfa_enrolled_at),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type UsersService = ReturnType<typeof createUsersService>;

/**
 * Named accounts, managed by an administrator. Users are never deleted (their audit trail must
 * survive); they are disabled, which ends their sessions at once.
 */
export function createUsersService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  organisations: OrganisationsService;
  sessions: SessionsService;
  links: AccountLinksService;
}) {
  const { uow, clock, audit, sessions, links } = deps;
  const repo = usersRepository(uow.tables<AccountsTables>());

  async function get(id: string): Promise<User> {
    const row = await repo.findById(id);
    if (!row) throw new NotFoundError('The user');
    return toUser(row);
  }

  /** Runs a change to one user with its audit event; `change` returns the patch and audit details. */
  async function change(
    actor: Actor,
    id: string,
    action: string,
    patchFor: (before: UserRow) => {
      patch: Partial<UserRow>;
      details: Record<string, unknown>;
      endSessions?: boolean;
      also?: () => Promise<void>;
    },
  ) {
    return uow.transaction(async () => {
      const before = await repo.findById(id);
      if (!before) throw new NotFoundError('The user');
      const { patch, details, endSessions, also } = patchFor(before);
      await repo.update(id, { ...patch, updated_at: iso(clock.now()) });
      await also?.();
      const ended = endSessions ? await sessions.endAllFor(id) : 0;
      await audit.record({
        actor,
        action,
        resource: { type: 'user', id },
        details: { ...details, ...(endSessions ? { sessionsEnded: ended } : {}) },
      });
      return toUser({ ...before, ...patch });
    });
  }

  return {
    get,
    async getByEmail(email: string): Promise<User> {
      const row = await repo.findByEmail(email.trim().toLowerCase());
      if (!row) throw new NotFoundError(`The user with email address ${email}`);
      return toUser(row);
    },
    async list(filter: { organisationId?: string; ids?: string[]; search?: string } = {}): Promise<User[]> {
      return (await repo.list(filter)).map(toUser);
    },
    /** Creates an invited user and returns the one-time activation link to hand to them. */
    async create(actor: Actor, input: unknown): Promise<{ user: User; activationUrl: string; activation: IssuedLink }> {
      const data = parseInput(createUserInput, input);
      const now = iso(clock.now());
      const row: UserRow = {
        id: newId(),
        organisation_id: data.organisationId,
        email: data.email,
        display_name: data.displayName,
        password_hash: null,
        is_system_admin: toFlag(data.isSystemAdmin),
        disabled_at: null,
        mfa_secret: null,
        mfa_enrolled_at: null,
        mfa_last_step: null,
        password_changed_at: null,
        created_at: now,
        updated_at: now,
      };
      try {
        return await uow.transaction(async () => {
          const organisation = await deps.organisations.list({ ids: [data.organisationId] });
          if (organisation.length === 0) throw new ValidationError({ organisationId: 'Select an organisation' });
          await repo.insert(row);
          await audit.record({
            actor,
            action: 'user.create',
            resource: { type: 'user', id: row.id },
            details: {
              after: {
                email: row.email,
                displayName: row.display_name,
                organisationId: row.organisation_id,
                isSystemAdmin: data.isSystemAdmin,
              },
            },
          });
          const activation = await links.issue(actor, 'activate', row.id);
          return { user: toUser(row), activationUrl: activation.url, activation };
        });
      } catch (err) {
        if (uniqueViolation(err)) throw new ValidationError({ email: 'A user with this email address already exists' });
        throw err;
      }
    },
    /** Name and the system-admin role. A privilege change ends the user's sessions (new session id). */
    async update(actor: Actor, id: string, input: unknown): Promise<User> {
      const data = parseInput(userDetailsInput, input);
      if (actor.type === 'user' && actor.userId === id && !data.isSystemAdmin) {
        throw new ValidationError({
          isSystemAdmin: 'You cannot remove your own system administrator role. Ask another administrator',
        });
      }
      return change(actor, id, 'user.update', (before) => {
        const privilegeChanged = fromFlag(before.is_system_admin) !== data.isSystemAdmin;
        return {
          patch: { display_name: data.displayName, is_system_admin: toFlag(data.isSystemAdmin) },
          details: {
            before: { displayName: before.display_name, isSystemAdmin: fromFlag(before.is_system_admin) },
            after: { displayName: data.displayName, isSystemAdmin: data.isSystemAdmin },
          },
          endSessions: privilegeChanged,
        };
      });
    },
    async disable(actor: Actor, id: string): Promise<User> {
      if (actor.type === 'user' && actor.userId === id)
        throw new ConflictError('cannot_disable_self', 'You cannot disable your own account');
      return change(actor, id, 'user.disable', (before) => ({
        patch: { disabled_at: before.disabled_at ?? iso(clock.now()) },
        details: { before: { status: toUser(before).status } },
        endSessions: true,
      }));
    },
    async enable(actor: Actor, id: string): Promise<User> {
      return change(actor, id, 'user.enable', () => ({
        patch: { disabled_at: null },
        details: { after: { status: 'enabled' } },
      }));
    },
    /** Clears the authenticator and recovery codes; the user enrols again at next sign-in. */
    async resetMfa(actor: Actor, id: string): Promise<User> {
      return change(actor, id, 'auth.mfa-reset', () => ({
        patch: { mfa_secret: null, mfa_enrolled_at: null, mfa_last_step: null },
        details: { reason: 'administrator reset' },
        endSessions: true,
        also: () => repo.replaceRecoveryCodes(id, []),
      }));
    },
    /** Issues a one-time password reset link (the administrator never learns the password). */
    async issuePasswordReset(actor: Actor, id: string): Promise<IssuedLink> {
      return uow.transaction(async () => {
        const user = await get(id);
        if (user.status === 'disabled')
          throw new ConflictError('user_disabled', 'Enable the account before resetting its password');
        return links.issue(actor, user.status === 'invited' ? 'activate' : 'reset-password', id);
      });
    },
    count: () => repo.count(),
  };
}
