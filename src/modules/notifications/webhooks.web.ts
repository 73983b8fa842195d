import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ContractsService } from '../contracts/index.ts';
import { actorOf } from '../../platform/auth/index.ts';
import { confirmPage, idParam, submitForm } from '../../platform/http/index.ts';
import { NotFoundError } from '../../platform/kernel/index.ts';
import { urlOrigin } from './mappers.ts';
import { PARTY_LABELS, type Party } from './notifications.schemas.ts';
import type { WebhooksService } from './webhooks.service.ts';

const manage = { config: { permission: 'contract:webhooks:manage' as const } };
const contractIdOf = (request: FastifyRequest) => idParam(request, 'contractId', 'The contract');

/** A contract's webhook subscriptions: each party's own managers list, add (secret shown once) and turn them off. */
export function webhooksWeb(
  app: FastifyInstance,
  deps: { webhooks: WebhooksService; contracts: ContractsService },
): void {
  const { webhooks, contracts } = deps;

  const formContext = async (request: FastifyRequest, contractId: string, values: Record<string, unknown> = {}) => {
    const parties = await webhooks.manageableParties(actorOf(request), contractId);
    return {
      pageTitle: 'Add a webhook',
      contract: await contracts.get(contractId),
      values,
      partyItems:
        parties.length > 1
          ? parties.map((p: Party) => ({ value: p, text: PARTY_LABELS[p], checked: values.party === p }))
          : undefined,
      partyLabel: parties.length === 1 ? PARTY_LABELS[parties[0]!] : undefined,
      backLink: { href: `/contracts/${contractId}/webhooks`, text: 'Back to webhooks' },
    };
  };

  app.get('/contracts/:contractId/webhooks', manage, async (request, reply) => {
    const id = contractIdOf(request);
    const list = (await webhooks.list(actorOf(request), id)).map((s) => ({
      ...s,
      shownUrl: urlOrigin(s.url),
      partyLabel: PARTY_LABELS[s.party],
    }));
    return reply.page('notifications/webhooks.njk', {
      pageTitle: 'Webhooks',
      contract: await contracts.get(id),
      subscriptions: list,
      backLink: { href: `/contracts/${id}`, text: 'Back to the contract' },
    });
  });

  app.get('/contracts/:contractId/webhooks/new', manage, async (request, reply) =>
    reply.page('notifications/webhook-form.njk', await formContext(request, contractIdOf(request))),
  );

  app.post('/contracts/:contractId/webhooks', manage, async (request, reply) => {
    const id = contractIdOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    return submitForm(
      request,
      reply,
      { template: 'notifications/webhook-form.njk', context: () => formContext(request, id, body) },
      async () => {
        const { subscription, secret } = await webhooks.create(actorOf(request), id, body);
        return {
          show: 'notifications/webhook-created.njk',
          context: {
            pageTitle: 'Webhook added',
            subscription,
            secret,
            contract: await contracts.get(id),
            partyLabel: PARTY_LABELS[subscription.party],
          },
        };
      },
    );
  });

  app.get('/contracts/:contractId/webhooks/:subscriptionId/disable', manage, async (request, reply) => {
    const id = contractIdOf(request);
    const subscriptionId = idParam(request, 'subscriptionId', 'The webhook');
    const s = (await webhooks.list(actorOf(request), id)).find((x) => x.id === subscriptionId && !x.disabledAt);
    if (!s) throw new NotFoundError('The webhook');
    return confirmPage(reply, {
      question: `Turn off the webhook “${s.description}”?`,
      caption: (await contracts.get(id)).orderReference,
      consequences: [
        `Custodian stops sending notifications to ${urlOrigin(s.url)}. A webhook that is off cannot be turned on again: to send again, add a new webhook.`,
      ],
      action: `/contracts/${id}/webhooks/${s.id}/disable`,
      button: 'Turn off the webhook',
      cancelHref: `/contracts/${id}/webhooks`,
    });
  });

  app.post('/contracts/:contractId/webhooks/:subscriptionId/disable', manage, async (request, reply) => {
    const id = contractIdOf(request);
    const s = await webhooks.disable(actorOf(request), id, idParam(request, 'subscriptionId', 'The webhook'));
    reply.flash(`The webhook “${s.description}” was turned off. Nothing more will be sent to it`);
    return reply.redirect(`/contracts/${id}/webhooks`, 303);
  });
}
