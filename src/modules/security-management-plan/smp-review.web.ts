import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UsersService } from '../accounts/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { REVIEW_TRIGGERS } from './smp.schemas.ts';
import type { SmpReviewService } from './smp-review.service.ts';
import type { SmpService } from './smp.service.ts';

export interface SmpReviewWebDeps {
  smp: SmpService;
  smpReviews: SmpReviewService;
  contracts: ContractsService;
  users: UsersService;
}

const contractIdOf = (r: FastifyRequest) => idParam(r, 'contractId', 'The contract');
const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined || v === '' ? [] : [String(v)];

/** The annual review (clause 4.4.1–4.4.2). */
export function smpReviewWeb(app: FastifyInstance, deps: SmpReviewWebDeps): void {
  const { smp, smpReviews, contracts, users } = deps;
  const triggerItems = (checked: string[]) =>
    Object.entries(REVIEW_TRIGGERS).map(([value, text]) => ({ value, text, checked: checked.includes(value) }));

  app.get(
    '/contracts/:contractId/smp/reviews',
    { config: { permission: 'contract:smp:versions' } },
    async (request, reply) => {
      const contract = await contracts.get(contractIdOf(request));
      const reviews = await smpReviews.list(contract.id);
      const { versions } = await smp.overview(contract.id);
      const numberOf = Object.fromEntries(versions.map((v) => [v.id, v.number]));
      const names = Object.fromEntries(
        (await users.list({ ids: reviews.map((r) => r.completed_by) })).map((u) => [u.id, u.displayName]),
      );
      return reply.page('security-management-plan/reviews.njk', {
        pageTitle: 'Reviews of the Security Management Plan',
        contract,
        names,
        numberOf,
        triggers: REVIEW_TRIGGERS,
        reviews,
        backLink: { href: `/contracts/${contract.id}/smp` },
      });
    },
  );

  const reviewForm = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const { inForce } = await smp.overview(contract.id);
    return {
      pageTitle: 'Record a review of the plan',
      contract,
      inForce,
      triggerItems: triggerItems(['annual']),
      values: { changesNeeded: '' },
      backLink: { href: `/contracts/${contract.id}/smp` },
    };
  };

  app.get(
    '/contracts/:contractId/smp/reviews/new',
    { config: { permission: 'contract:smp:edit' } },
    async (request, reply) => reply.page('security-management-plan/review-form.njk', await reviewForm(request)),
  );

  app.post(
    '/contracts/:contractId/smp/reviews/new',
    { config: { permission: 'contract:smp:edit' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const context = async () => ({
        ...(await reviewForm(request)),
        triggerItems: triggerItems(asList(body.triggers)),
      });
      return submitForm(request, reply, { template: 'security-management-plan/review-form.njk', context }, async () => {
        const contractId = contractIdOf(request);
        const { draft } = await smpReviews.complete(actorOf(request), contractId, {
          ...body,
          triggers: asList(body.triggers),
        });
        return draft
          ? {
              redirect: `/contracts/${contractId}/smp/versions/${draft.id}`,
              flash: `Review recorded and its results sent to the Client. Make the changes in version ${draft.number}, then propose it as a Variation`,
            }
          : {
              redirect: `/contracts/${contractId}/smp/reviews`,
              flash: 'Review recorded and its results sent to the Client',
            };
      });
    },
  );
}
