import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UsersService } from '../accounts/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { VariationsService } from '../variations/index.ts';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { REVIEW_TRIGGERS } from './smp.schemas.ts';
import { AWAITING_AGENCY, type SmpChangeRequest, type SmpChangeRequestService } from './smp-change-requests.service.ts';
import type { SmpService } from './smp.service.ts';

export interface ChangeRequestsWebDeps {
  smp: SmpService;
  smpChangeRequests: SmpChangeRequestService;
  variations: VariationsService;
  contracts: ContractsService;
  users: UsersService;
}

const STATUS: Record<SmpChangeRequest['status'], [string, string]> = {
  open: ['Waiting for the Agency', 'govuk-tag--blue'],
  drafting: ['Agency drafting a change', 'govuk-tag--yellow'],
  proposed: ['Proposed as a Variation', 'govuk-tag--turquoise'],
  reviewed: ['Answered by a review', 'govuk-tag--green'],
  withdrawn: ['Withdrawn', 'govuk-tag--grey'],
};
export const tagged = (r: SmpChangeRequest) => ({
  ...r,
  tag: { text: STATUS[r.status][0], classes: STATUS[r.status][1] },
});
const contractIdOf = (r: FastifyRequest) => idParam(r, 'contractId', 'The contract');
const requestIdOf = (r: FastifyRequest) => idParam(r, 'requestId', 'The change request');
const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined || v === '' ? [] : [String(v)];

/** A draft answering Client requests proposes its Variation with them as its title and rationale (the Agency may edit both). */
export function answeringVariation(answers: readonly SmpChangeRequest[]): { title?: string; rationale?: string } {
  if (!answers.length) return {};
  const numbers = answers.map((r) => r.number).join(', ');
  return {
    title: (answers.length === 1 ? `Change request ${numbers}: ${answers[0]!.what}` : `Change requests ${numbers}`)
      .replace(/\s+/g, ' ')
      .slice(0, 200),
    rationale: answers
      .map(
        (r) =>
          `In answer to the Client's change request ${r.number} (clauses 4.4.1(e), 4.4.3).\nWhat: ${r.what}\nWhy: ${r.why}`,
      )
      .join('\n\n')
      .slice(0, 10_000),
  };
}

/**
 * What the plan page shows of the Client's change requests: every request to those who read every
 * version, those still waiting for an answer first (the Agency's task), and whether the reader may ask for one.
 */
export async function changeRequestsPanel(
  request: FastifyRequest,
  requests: SmpChangeRequestService,
  contractId: string,
) {
  if (!request.access.can('contract:smp:versions')) return { changeRequests: [], canRequestChange: false };
  const all = (await requests.list(contractId)).map(tagged);
  return {
    changeRequests: [
      ...all.filter((r) => AWAITING_AGENCY.includes(r.status)),
      ...all.filter((r) => !AWAITING_AGENCY.includes(r.status)),
    ],
    awaitingAnswer: all.filter((r) => AWAITING_AGENCY.includes(r.status)).length,
    canRequestChange: request.access.can('contract:smp:request-change'),
  };
}

/** The Client's change requests (clauses 4.4.1(e), 4.4.3): asking, answering with a draft or a review, withdrawing. */
export function smpChangeRequestsWeb(app: FastifyInstance, deps: ChangeRequestsWebDeps): void {
  const { smp, smpChangeRequests: requests, contracts, users, variations } = deps;
  const ask = { config: { permission: 'contract:smp:request-change' as const } };
  const edit = { config: { permission: 'contract:smp:edit' as const } };
  const base = '/contracts/:contractId/smp/change-requests';

  const newPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const { inForce } = await smp.overview(contract.id);
    return {
      pageTitle: 'Request a change to the plan',
      contract,
      inForce,
      values: {},
      backLink: { href: `/contracts/${contract.id}/smp` },
    };
  };

  app.get(`${base}/new`, ask, async (request, reply) =>
    reply.page('security-management-plan/change-request-form.njk', await newPage(request)),
  );

  app.post(base, ask, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'security-management-plan/change-request-form.njk', context: () => newPage(request) },
      async () => {
        const contractId = contractIdOf(request);
        const r = await requests.request(actorOf(request), contractId, request.body);
        return {
          redirect: `/contracts/${contractId}/smp/change-requests/${r.id}`,
          flash: `Change request ${r.number} sent to the Agency`,
        };
      },
    ),
  );

  const viewPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const r = await requests.get(contract.id, requestIdOf(request));
    const people = Object.fromEntries(
      (await users.list({ ids: [r.requested_by, r.answered_by, r.withdrawn_by].filter((x): x is string => !!x) })).map(
        (u) => [u.id, u.displayName],
      ),
    );
    const version = r.version_id ? await smp.version(contract.id, r.version_id) : undefined;
    const variation = r.variation_id ? await variations.get(contract.id, r.variation_id) : undefined;
    const awaiting = AWAITING_AGENCY.includes(r.status);
    return {
      pageTitle: `Change request ${r.number}`,
      contract,
      changeRequest: tagged(r),
      people,
      version,
      variation,
      canAnswer: awaiting && request.access.can('contract:smp:edit'),
      canWithdraw: awaiting && request.access.can('contract:smp:request-change'),
      values: {},
      backLink: { href: `/contracts/${contract.id}/smp` },
    };
  };

  app.get(`${base}/:requestId`, { config: { permission: 'contract:smp:versions' } }, async (request, reply) =>
    reply.page('security-management-plan/change-request.njk', await viewPage(request)),
  );

  /** A form on the request's page: the service call, then where it leads, with what happened. */
  const step = (
    path: string,
    permission: 'contract:smp:request-change' | 'contract:smp:edit',
    run: (request: FastifyRequest, contractId: string) => Promise<{ redirect: string; flash: string }>,
  ) =>
    app.post(`${base}/:requestId/${path}`, { config: { permission } }, async (request, reply) =>
      submitForm(
        request,
        reply,
        { template: 'security-management-plan/change-request.njk', context: () => viewPage(request) },
        () => run(request, contractIdOf(request)),
      ),
    );

  step('draft', 'contract:smp:edit', async (request, contractId) => {
    const v = await requests.answerWithDraft(actorOf(request), contractId, requestIdOf(request));
    return {
      redirect: `/contracts/${contractId}/smp/versions/${v.id}`,
      flash: `Make the change in version ${v.number}, then propose it as a Variation: that answers the request`,
    };
  });

  step('withdraw', 'contract:smp:request-change', async (request, contractId) => {
    const r = await requests.withdraw(actorOf(request), contractId, requestIdOf(request), request.body);
    return {
      redirect: `/contracts/${contractId}/smp/change-requests/${r.id}`,
      flash: `Change request ${r.number} is withdrawn: the Agency has been told`,
    };
  });

  const reviewPage = async (request: FastifyRequest, checked: string[] = ['e']) => {
    const contract = await contracts.get(contractIdOf(request));
    const r = await requests.get(contract.id, requestIdOf(request));
    const { inForce } = await smp.overview(contract.id);
    return {
      pageTitle: `Answer change request ${r.number} with a review`,
      contract,
      inForce,
      changeRequest: r,
      formAction: `/contracts/${contract.id}/smp/change-requests/${r.id}/review`,
      triggerItems: Object.entries(REVIEW_TRIGGERS).map(([value, text]) => ({
        value,
        text,
        checked: checked.includes(value),
      })),
      values: { changesNeeded: '' },
      backLink: { href: `/contracts/${contract.id}/smp/change-requests/${r.id}` },
    };
  };

  app.get(`${base}/:requestId/review`, edit, async (request, reply) =>
    reply.page('security-management-plan/review-form.njk', await reviewPage(request)),
  );

  app.post(`${base}/:requestId/review`, edit, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const triggers = asList(body.triggers);
    return submitForm(
      request,
      reply,
      {
        template: 'security-management-plan/review-form.njk',
        context: () => reviewPage(request, [...triggers, 'e']),
      },
      async () => {
        const contractId = contractIdOf(request);
        const { draft } = await requests.answerWithReview(actorOf(request), contractId, requestIdOf(request), {
          ...body,
          triggers,
        });
        return draft
          ? {
              redirect: `/contracts/${contractId}/smp/versions/${draft.id}`,
              flash: `Review recorded and its results sent to the Client. Make the change in version ${draft.number}, then propose it as a Variation`,
            }
          : {
              redirect: `/contracts/${contractId}/smp/change-requests/${requestIdOf(request)}`,
              flash: 'Review recorded: its results, which answer the request, were sent to the Client',
            };
      },
    );
  });
}
