import type { FastifyInstance } from 'fastify';
import { accountWeb } from './account.web.ts';
import type { AccountLinksService } from './account-links.service.ts';
import type { AuthenticationService } from './authentication.service.ts';
import { linksWeb } from './links.web.ts';
import type { SessionsService } from './sessions.service.ts';
import { signInWeb } from './sign-in.web.ts';
import type { UsersService } from './users.service.ts';
import { usersWeb } from './users.web.ts';

/** Accounts: named users, sign-in with MFA, sessions, one-time links. */
export { createSessionsService, type SessionsService, type SessionPolicy } from './sessions.service.ts';
export { createAuthenticationService, type AuthenticationService } from './authentication.service.ts';
export { createUsersService, type UsersService } from './users.service.ts';
export { createAccountLinksService, type AccountLinksService } from './account-links.service.ts';
export { userOutput, type User } from './accounts.schemas.ts';

export interface AccountsPluginOptions {
  auth: AuthenticationService;
  sessions: SessionsService;
  users: UsersService;
  links: AccountLinksService;
  organisations: import('../organisations/index.ts').OrganisationsService;
  secure: boolean;
}

export async function accountsPlugin(app: FastifyInstance, opts: AccountsPluginOptions): Promise<void> {
  signInWeb(app, opts);
  linksWeb(app, opts);
  accountWeb(app, opts);
  usersWeb(app, opts);
}
export { accountsCli } from './accounts.cli.ts';
