import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Contract, ContractsService } from '../contracts/index.ts';
import { actorOf, CONTRACT_ROLES, ROLE_LABELS } from '../../platform/auth/index.ts';
import { confirmPage, idParam, submitForm } from '../../platform/http/index.ts';
import { withDateInput } from '../../platform/validation/index.ts';
import { ForbiddenError } from '../../platform/kernel/index.ts';
import type { ApiTokensService } from './api-tokens.service.ts';

const admin = { config: { permission: 'api-tokens:manage' as const } };
const STATUS_TAGS = { active: 'govuk-tag--green', expired: 'govuk-tag--grey', revoked: 'govuk-tag--red' } as const;

/** A system administrator's contracts are all of them; the list is only reached through the admin permission. */
async function allContracts(request: FastifyRequest, contracts: ContractsService): Promise<Contract[]> {
  const p = request.principal;
  if (p.kind !== 'user') throw new ForbiddenError();
  return contracts.listVisibleTo(p.user);
}

/** Administrator pages for API tokens: list, create (the secret is shown once), revoke. */
export function apiTokensWeb(
  app: FastifyInstance,
  deps: { apiTokens: ApiTokensService; contracts: ContractsService },
): void {
  const { apiTokens, contracts } = deps;

  const formContext = async (request: FastifyRequest, values: Record<string, unknown> = {}) => ({
    pageTitle: 'Create an API token',
    contractItems: [
      { value: '', text: 'Select a contract' },
      ...(await allContracts(request, contracts)).map((c) => ({
        value: c.id,
        text: `${c.orderReference} – ${c.title}`,
        selected: c.id === values.contractId,
      })),
    ],
    roleItems: [
      { value: '', text: 'Select a role' },
      ...CONTRACT_ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], selected: r === values.role })),
    ],
  });

  app.get('/admin/api-tokens', admin, async (request, reply) => {
    const references = Object.fromEntries(
      (await allContracts(request, contracts)).map((c) => [c.id, c.orderReference]),
    );
    // A token works to the end of its expiry day in UTC, so show that civil date, not a local time.
    const tokens = (await apiTokens.list()).map((t) => ({
      ...t,
      expiresOn: t.expiresAt.slice(0, 10),
      contractReference: references[t.contractId] ?? t.contractId,
      statusClass: STATUS_TAGS[t.status],
    }));
    return reply.page('api-tokens/list.njk', { pageTitle: 'API tokens', tokens });
  });

  app.get('/admin/api-tokens/new', admin, async (request, reply) =>
    reply.page('api-tokens/form.njk', { ...(await formContext(request)), values: {} }),
  );

  app.post('/admin/api-tokens', admin, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    return submitForm(
      request,
      reply,
      { template: 'api-tokens/form.njk', context: () => formContext(request, body) },
      async () => {
        const actor = actorOf(request);
        if (actor.type !== 'user') throw new ForbiddenError();
        const { token, secret } = await withDateInput(body, 'expiresOn', 'the expiry date', (input) =>
          apiTokens.create(actor, input),
        );
        const contract = await contracts.get(token.contractId);
        return {
          show: 'api-tokens/created.njk',
          context: { pageTitle: 'API token created', token, secret, contract, expiresOn: token.expiresAt.slice(0, 10) },
        };
      },
    );
  });

  app.get('/admin/api-tokens/:tokenId/revoke', admin, async (request, reply) => {
    const token = await apiTokens.get(idParam(request, 'tokenId', 'The API token'));
    if (token.status !== 'active') {
      reply.flash(`The API token “${token.name}” is already ${token.status}: nothing to revoke`, 'information');
      return reply.redirect('/admin/api-tokens', 303);
    }
    return confirmPage(reply, {
      question: `Revoke the API token “${token.name}”?`,
      caption: 'API tokens',
      consequences: [
        'Anything that uses this token is refused from the moment you revoke it. This cannot be undone: to give access again, create a new token.',
      ],
      action: `/admin/api-tokens/${token.id}/revoke`,
      button: 'Revoke the token',
      cancelHref: '/admin/api-tokens',
    });
  });

  app.post('/admin/api-tokens/:tokenId/revoke', admin, async (request, reply) => {
    const id = idParam(request, 'tokenId', 'The API token');
    const token = await apiTokens.get(id);
    await apiTokens.revoke(actorOf(request), id);
    reply.flash(`The API token “${token.name}” was revoked`);
    return reply.redirect('/admin/api-tokens', 303);
  });
}
