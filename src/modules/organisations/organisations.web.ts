import type { FastifyInstance } from 'fastify';
import { actorOf, ORGANISATION_KINDS } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import type { OrganisationsService } from './organisations.service.ts';
import { KIND_LABELS } from './organisations.schemas.ts';

const kindItems = (selected?: unknown) =>
  ORGANISATION_KINDS.map((k) => ({ value: k, text: KIND_LABELS[k], checked: k === selected }));
const admin = { config: { permission: 'organisations:manage' as const } };

/** Administrator pages for organisations. */
export function organisationsWeb(app: FastifyInstance, service: OrganisationsService): void {
  app.get('/admin/organisations', admin, async (_request, reply) => {
    const organisations = await service.list();
    return reply.page('organisations/list.njk', { pageTitle: 'Organisations', organisations, kindLabels: KIND_LABELS });
  });

  app.get('/admin/organisations/new', admin, async (_request, reply) =>
    reply.page('organisations/form.njk', {
      pageTitle: 'Add an organisation',
      kindItems: kindItems(),
      values: {},
      backLink: { href: '/admin/organisations' },
    }),
  );

  app.post('/admin/organisations', admin, async (request, reply) =>
    submitForm(
      request,
      reply,
      {
        template: 'organisations/form.njk',
        context: { pageTitle: 'Add an organisation', kindItems: kindItems((request.body as { kind?: string })?.kind) },
      },
      async () => {
        const org = await service.create(actorOf(request), request.body);
        return { redirect: `/admin/organisations/${org.id}`, flash: `${org.name} was added` };
      },
    ),
  );

  app.get('/admin/organisations/:organisationId', admin, async (request, reply) => {
    const organisation = await service.get(idParam(request, 'organisationId', 'The organisation'));
    return reply.page('organisations/show.njk', {
      pageTitle: organisation.name,
      organisation,
      kindLabels: KIND_LABELS,
      backLink: { href: '/admin/organisations', text: 'All organisations' },
    });
  });

  app.get('/admin/organisations/:organisationId/edit', admin, async (request, reply) => {
    const organisation = await service.get(idParam(request, 'organisationId', 'The organisation'));
    return reply.page('organisations/rename.njk', {
      pageTitle: `Rename ${organisation.name}`,
      organisation,
      values: { name: organisation.name },
      backLink: { href: `/admin/organisations/${organisation.id}` },
    });
  });

  app.post('/admin/organisations/:organisationId', admin, async (request, reply) => {
    const id = idParam(request, 'organisationId', 'The organisation');
    return submitForm(
      request,
      reply,
      {
        template: 'organisations/rename.njk',
        context: async () => ({ pageTitle: 'Rename organisation', organisation: await service.get(id) }),
      },
      async () => {
        const org = await service.rename(actorOf(request), id, request.body);
        return { redirect: `/admin/organisations/${org.id}`, flash: 'The organisation was renamed' };
      },
    );
  });
}
