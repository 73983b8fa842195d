import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { submitForm } from '../../platform/http/index.ts';
import { accessUrl, contractIdOf, labels, manage, view, type AccessWebDeps } from './access-grants.web.ts';

/** The access review: every current grant listed to confirm or remove; past reviews for every reader. */
export function accessReviewWeb(app: FastifyInstance, { accessGrants, contracts }: AccessWebDeps): void {
  const reviewPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    return {
      pageTitle: 'Review access',
      contract,
      grants: await accessGrants.reviews.pending(contract.id),
      ...labels,
      backLink: { href: accessUrl(contract.id) },
    };
  };
  app.get('/contracts/:contractId/access/review', manage, async (request, reply) =>
    reply.page('access-grants/review.njk', { ...(await reviewPage(request)), values: {} }),
  );
  app.post('/contracts/:contractId/access/review', manage, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'access-grants/review.njk', context: () => reviewPage(request) },
      async () => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const decisions = Object.fromEntries(
          Object.entries(body)
            .filter(([k]) => k.startsWith('decision-'))
            .map(([k, v]) => [k.slice('decision-'.length), v]),
        );
        const r = await accessGrants.reviews.record(actorOf(request), contractIdOf(request), decisions);
        return {
          redirect: `${accessUrl(contractIdOf(request))}/reviews`,
          flash: `The access review was recorded: ${r.confirmed} confirmed, ${r.removed} to be revoked within one Working Day`,
        };
      },
    ),
  );
  app.get('/contracts/:contractId/access/reviews', view, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    const [reviews, members] = await Promise.all([
      accessGrants.reviews.list(contract.id),
      contracts.members(contract.id),
    ]);
    const names = new Map(members.map((u) => [u.id, u.displayName]));
    return reply.page('access-grants/reviews.njk', {
      pageTitle: `Access reviews: ${contract.orderReference}`,
      contract,
      reviews: reviews.map((r) => ({ ...r, reviewer: names.get(r.reviewedBy) ?? 'a former user' })),
      canManage: request.access.can('contract:access:manage'),
      backLink: { href: accessUrl(contract.id), text: 'Back to Access' },
    });
  });
}
