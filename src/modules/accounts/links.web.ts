import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ORGANISATION_KINDS } from '../../platform/auth/index.ts';
import { submitForm } from '../../platform/http/index.ts';
import type { AccountLinksService } from './account-links.service.ts';
import { requestContext } from './session-cookie.ts';

// The token in the address is the credential: both logs show it as [redacted].
const pub = { config: { permission: 'public' as const, credentialParams: ['token'] } };
const tokenOf = (request: FastifyRequest) => String((request.params as { token?: string }).token ?? '');
const KIND_TEXT = { agency: 'Agency (supplier)', client: 'Client (buyer)', oversight: 'Oversight body' } as const;
const kindItems = (selected?: unknown) =>
  ORGANISATION_KINDS.map((k) => ({ value: k, text: KIND_TEXT[k], checked: k === selected }));

/** First-run setup, account activation and password reset: each reached only through a one-time link. */
export function linksWeb(app: FastifyInstance, deps: { links: AccountLinksService }): void {
  const { links } = deps;

  app.get('/setup/:token', pub, async (request, reply) => {
    const { expiresAt } = await links.checkSetup(tokenOf(request));
    return reply.page('accounts/setup.njk', {
      pageTitle: 'Set up Custodian',
      expiresAt,
      token: tokenOf(request),
      values: {},
      kindItems: kindItems(),
    });
  });

  app.post('/setup/:token', pub, async (request, reply) =>
    submitForm(
      request,
      reply,
      {
        template: 'accounts/setup.njk',
        context: {
          pageTitle: 'Set up Custodian',
          token: tokenOf(request),
          kindItems: kindItems((request.body as { organisationKind?: string })?.organisationKind),
        },
      },
      async () => {
        await links.completeSetup(tokenOf(request), request.body, {
          type: 'anonymous',
          request: requestContext(request),
        });
        return {
          redirect: '/sign-in',
          flash:
            'Custodian is set up. Sign in with the email address and password you chose and set up your authenticator app: Custodian then shows you what to set up next.',
        };
      },
    ),
  );

  app.get('/activate/:token', pub, async (request, reply) => {
    const link = await links.describe(tokenOf(request));
    return reply.page('accounts/activate.njk', {
      pageTitle: link.purpose === 'activate' ? 'Activate your account' : 'Choose a new password',
      link,
      token: tokenOf(request),
    });
  });

  app.post('/activate/:token', pub, async (request, reply) => {
    const link = await links.describe(tokenOf(request));
    return submitForm(
      request,
      reply,
      { template: 'accounts/activate.njk', context: { pageTitle: 'Choose a password', link, token: tokenOf(request) } },
      async () => {
        await links.completePasswordLink(tokenOf(request), request.body, {
          type: 'anonymous',
          request: requestContext(request),
        });
        return { redirect: '/sign-in', flash: 'Your password is set. Sign in to continue.' };
      },
    );
  });
}
