import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UsersService } from '../accounts/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import type { Variation, VariationsService } from './variations.service.ts';

export interface VariationsWebDeps {
  variations: VariationsService;
  contracts: ContractsService;
  users: UsersService;
}

const STATUS = {
  proposed: ['Proposed', 'govuk-tag--blue'],
  agreed: ['Agreed', 'govuk-tag--turquoise'],
  rejected: ['Rejected', 'govuk-tag--red'],
  formalised: ['Formalised', 'govuk-tag--green'],
} as const;
const contractIdOf = (r: FastifyRequest) => idParam(r, 'contractId', 'The contract');
const variationIdOf = (r: FastifyRequest) => idParam(r, 'variationId', 'The Variation');
const tagged = (v: Variation) => ({ ...v, tag: { text: STATUS[v.status][0], classes: STATUS[v.status][1] } });

/** The contract's Variations: the list, and one Variation with its changes, its decision (made on the subject's own page) and its formalisation. */
export function variationsWeb(app: FastifyInstance, deps: VariationsWebDeps): void {
  const { variations, contracts, users } = deps;

  app.get(
    '/contracts/:contractId/variations',
    { config: { permission: 'contract:variations:view' } },
    async (request, reply) => {
      const contract = await contracts.get(contractIdOf(request));
      const list = (await variations.list(contract.id)).map((v) => ({
        ...tagged(v),
        subjectLabel: variations.subject(v.subject_type)?.label ?? v.subject_type,
      }));
      return reply.page('variations/list.njk', {
        pageTitle: `Variations: ${contract.orderReference}`,
        contract,
        variations: list,
        backLink: { href: `/contracts/${contract.id}` },
      });
    },
  );

  const viewContext = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const v = await variations.get(contract.id, variationIdOf(request));
    const people = Object.fromEntries(
      (
        await users.list({ ids: [v.proposed_by, v.decided_by, v.formalised_by].filter((x): x is string => Boolean(x)) })
      ).map((u) => [u.id, u.displayName]),
    );
    const subject = variations.subject(v.subject_type);
    return {
      pageTitle: `Variation ${v.number}: ${v.title}`,
      contract,
      variation: tagged(v),
      people,
      subjectLabel: subject?.label ?? v.subject_type,
      subjectLink: subject?.link(v),
      canFormalise: v.status === 'agreed' && request.access.can('contract:variations:formalise'),
      values: {},
      backLink: { href: `/contracts/${contract.id}/variations` },
    };
  };

  app.get(
    '/contracts/:contractId/variations/:variationId',
    { config: { permission: 'contract:variations:view' } },
    async (request, reply) => reply.page('variations/view.njk', await viewContext(request)),
  );

  app.post(
    '/contracts/:contractId/variations/:variationId/formalise',
    { config: { permission: 'contract:variations:formalise' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, string | undefined>;
      return submitForm(
        request,
        reply,
        { template: 'variations/view.njk', context: () => viewContext(request) },
        async () => {
          const v = await variations.formalise(actorOf(request), contractIdOf(request), variationIdOf(request), {
            reference: body.reference,
          });
          return {
            redirect: `/contracts/${contractIdOf(request)}/variations/${v.id}`,
            flash: `Variation ${v.number} is formalised as ${v.formal_reference}`,
          };
        },
      );
    },
  );
}
