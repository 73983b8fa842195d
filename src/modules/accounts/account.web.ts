import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { submitForm } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/kernel/index.ts';
import type { AuthenticationService } from './authentication.service.ts';
import { setSessionCookie } from './session-cookie.ts';
import type { UsersService } from './users.service.ts';

const signedIn = { config: { permission: 'signed-in' as const } };

/** A person's own account: details, and changing their password. */
export function accountWeb(
  app: FastifyInstance,
  deps: { auth: AuthenticationService; users: UsersService; secure: boolean },
): void {
  app.get('/account', signedIn, async (request, reply) => {
    const actor = actorOf(request) as Extract<Actor, { type: 'user' }>;
    const account = await deps.users.get(actor.userId);
    return reply.page('accounts/account.njk', { pageTitle: 'Your account', account });
  });

  app.get('/account/password', signedIn, async (_request, reply) =>
    reply.page('accounts/change-password.njk', { pageTitle: 'Change your password', backLink: { href: '/account' } }),
  );

  app.post('/account/password', signedIn, async (request, reply) =>
    submitForm(
      request,
      reply,
      {
        template: 'accounts/change-password.njk',
        context: { pageTitle: 'Change your password', backLink: { href: '/account' } },
        throttledField: 'currentPassword',
      },
      async () => {
        const token = await deps.auth.changePassword(
          actorOf(request) as Extract<Actor, { type: 'user' }>,
          request.body,
        );
        setSessionCookie(reply, token, deps.secure);
        return {
          redirect: '/account',
          flash: 'Your password has been changed. You have been signed out everywhere else.',
        };
      },
    ),
  );
}
