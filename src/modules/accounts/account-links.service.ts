import type { AuditLog } from '../audit-log/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import type { AccountLinksTable, AccountsTables } from './accounts.tables.ts';
import { toFlag, type UnitOfWork } from '../../platform/db/index.ts';
import { hashPassword } from '../../platform/auth/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  addMinutes,
  DomainError,
  hashSecret,
  iso,
  newId,
  newSecret,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import { newPasswordFields, setupInput } from './accounts.schemas.ts';
import type { SessionsService } from './sessions.service.ts';
import { linksRepository } from './sessions.repository.ts';
import { handOverText, validityText, type IssuedLink } from './link-terms.ts';
import { usersRepository } from './users.repository.ts';

type Purpose = AccountLinksTable['purpose'];
const PATHS: Record<Purpose, string> = { setup: 'setup', activate: 'activate', 'reset-password': 'activate' };
class LinkUnavailableError extends DomainError {
  readonly status = 404;
  constructor() {
    super('link_unavailable', 'This link has expired or has already been used. Ask your administrator for a new one.');
  }
}
const GONE = () => new LinkUnavailableError();

export type AccountLinksService = ReturnType<typeof createAccountLinksService>;

/**
 * One-time links: the first-run setup link, and activation / password-reset links an administrator
 * hands to a person. Only the hash is stored; a link works once and expires.
 */
export function createAccountLinksService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  organisations: OrganisationsService;
  sessions: SessionsService;
  publicUrl: string;
  setupMinutes: number;
  linkDays: number;
  /** Whether Custodian sends email at all (an SMTP server is set): the words that go with a link say. */
  emailOn: boolean;
}) {
  const { uow, clock, audit } = deps;
  const tables = uow.tables<AccountsTables>();
  const links = linksRepository(tables);
  const users = usersRepository(tables);

  async function issue(actor: Actor, purpose: Purpose, userId: string | null): Promise<IssuedLink> {
    const token = newSecret();
    const now = clock.now();
    const minutes = purpose === 'setup' ? deps.setupMinutes : deps.linkDays * 24 * 60;
    const expiresAt = iso(addMinutes(now, minutes));
    await links.expireOpen(purpose, userId, iso(now));
    await links.insert({
      id: hashSecret(token),
      purpose,
      user_id: userId,
      created_at: iso(now),
      expires_at: expiresAt,
      used_at: null,
    });
    await audit.record({
      actor,
      action: `account-link.issue`,
      resource: userId ? { type: 'user', id: userId } : undefined,
      details: { purpose, expiresInMinutes: minutes },
    });
    return {
      url: `${deps.publicUrl}/${PATHS[purpose]}/${token}`,
      expiresAt,
      validity: validityText(minutes, expiresAt),
      handOver: handOverText(deps.emailOn),
    };
  }

  /** The open link for a token, or NotFound; never says which of unknown, used or expired it was. */
  async function open(token: string, purposes: Purpose[]) {
    const row = token.length < 200 ? await links.find(hashSecret(token)) : undefined;
    if (!row || !purposes.includes(row.purpose) || row.used_at || Date.parse(row.expires_at) <= clock.now().getTime())
      throw GONE();
    return row;
  }

  return {
    issue,
    /** On start with no users: a fresh setup link (earlier ones stop working). Undefined once set up. */
    async setupLinkIfNeeded(): Promise<string | undefined> {
      if ((await users.count()) > 0) return undefined;
      return (await uow.transaction(() => issue({ type: 'system', name: 'setup' }, 'setup', null))).url;
    },
    /** The setup link's page may open: says until when it works. */
    async checkSetup(token: string): Promise<{ expiresAt: string }> {
      const row = await open(token, ['setup']);
      if ((await users.count()) > 0) throw GONE();
      return { expiresAt: row.expires_at };
    },
    /** Creates the first organisation and the first system administrator, then uses up the link. */
    async completeSetup(token: string, input: unknown, actor: Actor): Promise<{ userId: string }> {
      const row = await open(token, ['setup']);
      const data = parseInput(setupInput, input);
      const pw = parseInput(newPasswordFields(data.email), input);
      const hash = await hashPassword(pw.password);
      return uow.transaction(async () => {
        if ((await users.count()) > 0 || !(await links.use(row.id, iso(clock.now())))) throw GONE();
        const org = await deps.organisations.create(actor, {
          name: data.organisationName,
          kind: data.organisationKind,
        });
        const now = iso(clock.now());
        const userId = newId();
        await users.insert({
          id: userId,
          organisation_id: org.id,
          email: data.email,
          display_name: data.displayName,
          password_hash: hash,
          is_system_admin: toFlag(true),
          disabled_at: null,
          mfa_secret: null,
          mfa_enrolled_at: null,
          mfa_last_step: null,
          password_changed_at: now,
          created_at: now,
          updated_at: now,
        });
        await audit.record({
          actor,
          action: 'user.create',
          resource: { type: 'user', id: userId },
          details: {
            after: { email: data.email, displayName: data.displayName, organisationId: org.id, isSystemAdmin: true },
            via: 'first-run setup',
          },
        });
        return { userId };
      });
    },
    async describe(token: string): Promise<{ purpose: Purpose; email: string; displayName: string }> {
      const row = await open(token, ['activate', 'reset-password']);
      const user = row.user_id ? await users.findById(row.user_id) : undefined;
      if (!user || user.disabled_at) throw GONE();
      return { purpose: row.purpose, email: user.email, displayName: user.display_name };
    },
    /** Sets the password from an activation or reset link; a reset ends every existing session. */
    async completePasswordLink(token: string, input: unknown, actor: Actor): Promise<void> {
      const row = await open(token, ['activate', 'reset-password']);
      const user = row.user_id ? await users.findById(row.user_id) : undefined;
      if (!user || user.disabled_at) throw GONE();
      const pw = parseInput(newPasswordFields(user.email), input);
      const hash = await hashPassword(pw.password);
      await uow.transaction(async () => {
        if (!(await links.use(row.id, iso(clock.now())))) throw GONE();
        // Hashing is slow, so it ran before the transaction; the account is checked again inside it.
        if ((await users.findById(user.id))?.disabled_at) throw GONE();
        const now = iso(clock.now());
        await users.update(user.id, { password_hash: hash, password_changed_at: now, updated_at: now });
        const ended = await deps.sessions.endAllFor(user.id);
        await audit.record({
          actor,
          action: row.purpose === 'activate' ? 'user.activate' : 'auth.password-reset',
          resource: { type: 'user', id: user.id },
          details: { sessionsEnded: ended },
        });
      });
    },
  };
}
