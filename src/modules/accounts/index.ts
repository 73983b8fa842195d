import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import { accountWeb } from './account.web.ts';
import { createAccountLinksService, type AccountLinksService } from './account-links.service.ts';
import { accountsCli } from './accounts.cli.ts';
import type { AccountsTables } from './accounts.tables.ts';
import { createAuthenticationService, type AuthenticationService } from './authentication.service.ts';
import { linksWeb } from './links.web.ts';
import { createSessionsService, type SessionsService } from './sessions.service.ts';
import { signInWeb } from './sign-in.web.ts';
import { createUsersService, type UsersService } from './users.service.ts';
import { usersWeb } from './users.web.ts';

/** Accounts: named users, sign-in with MFA, sessions, one-time links. */
export type { SessionsService, SessionPolicy } from './sessions.service.ts';
export type { AuthenticationService } from './authentication.service.ts';
export type { UsersService } from './users.service.ts';
export type { AccountLinksService } from './account-links.service.ts';
export { userOutput, type User } from './accounts.schemas.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    sessions: SessionsService;
    links: AccountLinksService;
    users: UsersService;
    auth: AuthenticationService;
  }
}

const permissions = {
  'users:manage': {
    scope: 'admin',
    about: 'Adding people, changing their details, disabling accounts and resetting passwords or MFA.',
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

export interface AccountsPluginOptions {
  auth: AuthenticationService;
  sessions: SessionsService;
  users: UsersService;
  links: AccountLinksService;
  organisations: OrganisationsService;
  secure: boolean;
}

async function accountsPlugin(app: FastifyInstance, opts: AccountsPluginOptions): Promise<void> {
  signInWeb(app, opts);
  linksWeb(app, opts);
  accountWeb(app, opts);
  usersWeb(app, opts);
}

// Expired sessions are ended (and recorded) this often, and stale sign-in throttles forgotten.
const PURGE_EVERY_MS = 5 * 60_000;

export const accountsModule = defineModule({
  name: 'accounts',
  about: 'Named user accounts, sign-in with mandatory TOTP MFA and recovery codes, sessions, one-time links.',
  tables: ownTables<AccountsTables>({
    users: true,
    recovery_codes: true,
    account_links: true,
    sessions: true,
    login_throttles: true,
  }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['sessions', 'links', 'users', 'auth'],
  needs: ['audit', 'organisations'],
  services: ({ config, clock, uow }, { audit, organisations }) => {
    const sessions = createSessionsService({
      uow,
      clock,
      audit,
      policy: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
      organisationKindOf: async (id) => (await organisations.get(id)).kind,
    });
    const links = createAccountLinksService({
      uow,
      clock,
      audit,
      organisations,
      sessions,
      publicUrl: config.publicUrl,
      setupMinutes: config.setupLinkMinutes,
      linkDays: config.accountLinkDays,
      emailOn: config.mail.smtp !== undefined,
    });
    const users = createUsersService({ uow, clock, audit, organisations, sessions, links });
    const auth = createAuthenticationService({ uow, clock, audit, sessions });
    return { sessions, links, users, auth };
  },
  web: { routes: (app, services, { secure }) => accountsPlugin(app, { ...services, secure }) },
  cli: { uses: ['links', 'users'], register: accountsCli },
  async start({ sessions }, { log }) {
    const housekeeping = setInterval(() => {
      sessions.purgeExpired().catch((err: unknown) => log.warn({ err }, 'session purge failed'));
    }, PURGE_EVERY_MS);
    housekeeping.unref();
    return { stop: async () => clearInterval(housekeeping) };
  },
});
