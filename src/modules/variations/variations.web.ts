import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UsersService } from '../accounts/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { ValidationError } from '../../platform/kernel/index.ts';
import { withDateInput } from '../../platform/validation/index.ts';
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
  withdrawn: ['Withdrawn', 'govuk-tag--grey'],
  formalising: ['Awaiting confirmation', 'govuk-tag--yellow'],
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
        await users.list({
          ids: [
            v.proposed_by,
            v.decided_by,
            v.formal_proposed_by,
            v.formal_declined_by,
            v.formalised_by,
            v.withdrawn_by,
          ].filter((x): x is string => Boolean(x)),
        })
      ).map((u) => [u.id, u.displayName]),
    );
    const subject = variations.subject(v.subject_type);
    const { organisationId } = actorOf(request) as { organisationId?: string };
    const viewerParty =
      organisationId === contract.agencyOrganisationId
        ? 'agency'
        : organisationId === contract.clientOrganisationId
          ? 'client'
          : undefined;
    return {
      pageTitle: `Variation ${v.number}: ${v.title}`,
      contract,
      variation: tagged(v),
      people,
      subjectLabel: subject?.label ?? v.subject_type,
      subjectLink: subject?.link(v),
      canFormalise: v.status === 'agreed' && request.access.can('contract:variations:formalise'),
      // The formal record is confirmed by the other party than the one that proposed it.
      canConfirm:
        v.status === 'formalising' &&
        request.access.can('contract:variations:formalise') &&
        viewerParty !== undefined &&
        viewerParty !== v.formal_proposed_party,
      canWithdraw:
        v.status === 'proposed' &&
        request.access.can('contract:variations:withdraw') &&
        viewerParty === v.proposed_by_party,
      notWithdrawable: v.status === 'proposed' ? await variations.whyNotWithdrawable(v) : null,
      formalisation: await variations.formalisationDue(v),
      values: {},
      backLink: { href: `/contracts/${contract.id}/variations` },
    };
  };

  app.get(
    '/contracts/:contractId/variations/:variationId',
    { config: { permission: 'contract:variations:view' } },
    async (request, reply) => reply.page('variations/view.njk', await viewContext(request)),
  );

  /** A form on the Variation's page: the service call, then back to the page with what happened. */
  const step = (
    path: string,
    permission: 'contract:variations:formalise' | 'contract:variations:withdraw',
    run: (request: FastifyRequest, body: Record<string, string | undefined>) => Promise<string>,
  ) =>
    app.post(
      `/contracts/:contractId/variations/:variationId/${path}`,
      { config: { permission } },
      async (request, reply) =>
        submitForm(
          request,
          reply,
          { template: 'variations/view.njk', context: () => viewContext(request) },
          async () => ({
            redirect: `/contracts/${contractIdOf(request)}/variations/${variationIdOf(request)}`,
            flash: await run(request, (request.body ?? {}) as Record<string, string | undefined>),
          }),
        ),
    );
  const ids = (r: FastifyRequest) => [actorOf(r), contractIdOf(r), variationIdOf(r)] as const;

  step('formalise', 'contract:variations:formalise', async (request, body) => {
    const v = await withDateInput(body, 'date', 'the date of the signed Variation', (input) =>
      variations.proposeFormal(...ids(request), { reference: body.reference, date: input.date }),
    );
    return `You recorded ${v.formal_reference} as the signed Variation ${v.number}: the other party confirms it`;
  });

  step('formal-record', 'contract:variations:formalise', async (request, body) => {
    if (body.answer === 'confirm') {
      const v = await variations.confirmFormal(...ids(request));
      return `Variation ${v.number} is formalised as ${v.formal_reference}`;
    }
    if (body.answer !== 'decline')
      throw new ValidationError({ answer: 'Select whether the formal record matches the signed Variation' });
    const v = await variations.declineFormal(...ids(request), { reason: body.reason });
    return `You declined the formal record of Variation ${v.number}: it is agreed and awaits a right record`;
  });

  step('withdraw', 'contract:variations:withdraw', async (request, body) => {
    const v = await variations.withdraw(...ids(request), { reason: body.reason });
    return `Variation ${v.number} is withdrawn`;
  });
}
