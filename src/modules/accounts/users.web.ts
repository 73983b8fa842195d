import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { confirmPage, idParam, submitForm } from '../../platform/http/index.ts';
import { UUID_PATTERN } from '../../platform/kernel/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import type { UsersService } from './users.service.ts';

const admin = { config: { permission: 'users:manage' as const } };
const userId = (request: FastifyRequest) => idParam(request, 'userId', 'The user');

/** Administrator pages for named user accounts. */
export function usersWeb(
  app: FastifyInstance,
  deps: { users: UsersService; organisations: OrganisationsService },
): void {
  const { users, organisations } = deps;
  const organisationItems = async (selected?: unknown) => [
    { value: '', text: 'Select an organisation' },
    ...(await organisations.list()).map((o) => ({
      value: o.id,
      text: `${o.name} (${o.kind})`,
      selected: o.id === selected,
    })),
  ];
  const orgNames = async () => Object.fromEntries((await organisations.list()).map((o) => [o.id, o.name]));

  app.get('/admin/users', admin, async (request, reply) => {
    const q = request.query as { organisation?: string; search?: string };
    const organisationId = q.organisation && UUID_PATTERN.test(q.organisation) ? q.organisation : undefined;
    const search = typeof q.search === 'string' ? q.search.trim().slice(0, 100) : '';
    const list = await users.list({ organisationId, search: search || undefined });
    return reply.page('accounts/users-list.njk', {
      pageTitle: 'Users',
      users: list,
      orgNames: await orgNames(),
      search,
      organisationItems: await organisationItems(organisationId),
      organisationId,
    });
  });

  app.get('/admin/users/new', admin, async (request, reply) => {
    const preselect = (request.query as { organisation?: string }).organisation;
    return reply.page('accounts/user-new.njk', {
      pageTitle: 'Add a user',
      values: {},
      organisationItems: await organisationItems(preselect),
      backLink: { href: '/admin/users' },
    });
  });

  app.post('/admin/users', admin, async (request, reply) => {
    const form = {
      template: 'accounts/user-new.njk',
      context: async () => ({
        pageTitle: 'Add a user',
        organisationItems: await organisationItems((request.body as { organisationId?: string })?.organisationId),
      }),
    };
    return submitForm(request, reply, form, async () => {
      const created = await users.create(actorOf(request), request.body);
      // The activation link is a secret: shown in this response only, never stored in clear.
      return {
        show: 'accounts/link-issued.njk',
        context: { pageTitle: 'User added', account: created.user, link: created.activation, purpose: 'activate' },
      };
    });
  });

  app.get('/admin/users/:userId', admin, async (request, reply) => {
    const account = await users.get(userId(request));
    const organisation = await organisations.get(account.organisationId);
    return reply.page('accounts/user-show.njk', {
      pageTitle: account.displayName,
      account,
      organisation,
      backLink: { href: '/admin/users', text: 'All users' },
    });
  });

  app.get('/admin/users/:userId/edit', admin, async (request, reply) => {
    const account = await users.get(userId(request));
    return reply.page('accounts/user-edit.njk', {
      pageTitle: `Change ${account.displayName}`,
      account,
      values: account,
      backLink: { href: `/admin/users/${account.id}` },
    });
  });

  app.post('/admin/users/:userId', admin, async (request, reply) => {
    const id = userId(request);
    return submitForm(
      request,
      reply,
      {
        template: 'accounts/user-edit.njk',
        context: async () => ({ pageTitle: 'Change user', account: await users.get(id) }),
      },
      async () => {
        await users.update(actorOf(request), id, request.body);
        return { redirect: `/admin/users/${id}`, flash: 'The user was updated' };
      },
    );
  });

  app.get('/admin/users/:userId/disable', admin, async (request, reply) => {
    const account = await users.get(userId(request));
    return confirmPage(reply, {
      question: `Disable ${account.displayName}’s account?`,
      caption: 'Users',
      consequences: [
        `${account.displayName} is signed out everywhere at once and cannot sign in until the account is enabled again. Everything they recorded is kept.`,
      ],
      action: `/admin/users/${account.id}/disable`,
      button: 'Disable the account',
      cancelHref: `/admin/users/${account.id}`,
    });
  });

  const action = (path: string, run: (request: FastifyRequest, id: string) => Promise<string>) =>
    app.post(`/admin/users/:userId/${path}`, admin, async (request, reply) => {
      const id = userId(request);
      reply.flash(await run(request, id));
      return reply.redirect(`/admin/users/${id}`, 303);
    });
  action(
    'disable',
    async (r, id) => `${(await users.disable(actorOf(r), id)).displayName} is disabled and has been signed out`,
  );
  action('enable', async (r, id) => `${(await users.enable(actorOf(r), id)).displayName} is enabled`);
  action(
    'reset-mfa',
    async (r, id) =>
      `${(await users.resetMfa(actorOf(r), id)).displayName} will set up a new authenticator app at next sign-in`,
  );

  app.post('/admin/users/:userId/password-link', admin, async (request, reply) => {
    const id = userId(request);
    const link = await users.issuePasswordReset(actorOf(request), id);
    const account = await users.get(id);
    return reply.page('accounts/link-issued.njk', {
      pageTitle: 'Password link created',
      account,
      link,
      purpose: account.status === 'invited' ? 'activate' : 'reset',
    });
  });
}
