import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ContractsService } from '../contracts/index.ts';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { citable, holdingText, isWebAddress } from './document-holding.ts';
import type { SmpService } from './smp.service.ts';

const contractIdOf = (r: FastifyRequest) => idParam(r, 'contractId', 'The contract');
const documentIdOf = (r: FastifyRequest) => idParam(r, 'documentId', 'The document');

/**
 * The register of documents the plan refers to (clause 4.2.1(g)): the Agency adds and removes
 * entries (removal through a confirmation page that says what it affects), the Client's
 * Representative confirms or disputes that the Client holds each one; both parties read it.
 */
export function documentRegisterWeb(app: FastifyInstance, deps: { smp: SmpService; contracts: ContractsService }) {
  const { smp, contracts } = deps;
  const edit = { config: { permission: 'contract:smp:edit' as const } };
  const answer = { config: { permission: 'contract:smp:documents:answer' as const } };
  const registerPath = (contractId: string) => `/contracts/${contractId}/smp/documents`;

  const registerPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const documents = await smp.register.list(contract.id);
    return {
      pageTitle: 'Documents the plan refers to',
      contract,
      documents: documents.map((d) => ({
        ...d,
        holding: holdingText(d),
        citable: citable(d),
        webAddress: isWebAddress(d.location),
      })),
      canEdit: request.access.can('contract:smp:edit'),
      canAnswer: request.access.can('contract:smp:documents:answer'),
      // Nothing preselected: whether both parties hold a copy is a fact a person must give.
      values: {},
      backLink: { href: `/contracts/${contract.id}/smp` },
    };
  };

  app.get(
    '/contracts/:contractId/smp/documents',
    { config: { permission: 'contract:smp:versions' } },
    async (request, reply) => reply.page('security-management-plan/documents.njk', await registerPage(request)),
  );

  app.post('/contracts/:contractId/smp/documents', edit, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'security-management-plan/documents.njk', context: () => registerPage(request) },
      async () => {
        const d = await smp.register.add(actorOf(request), contractIdOf(request), request.body);
        return {
          redirect: registerPath(contractIdOf(request)),
          flash: `Added “${d.title}” to the register: refer to it in the plan as [[doc: ${d.title}]]`,
        };
      },
    ),
  );

  /** The confirmation page of a removal: the entry, and each version that cites it. */
  const removePage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const document = await smp.register.get(contract.id, documentIdOf(request));
    const citing = await smp.versionsCiting(contract.id, document.id);
    return {
      pageTitle: `Are you sure you want to remove “${document.title}”?`,
      contract,
      document,
      inForce: citing.find((v) => v.inForce),
      others: citing.filter((v) => !v.inForce),
      values: {},
      backLink: { href: registerPath(contract.id) },
    };
  };

  app.get('/contracts/:contractId/smp/documents/:documentId/remove', edit, async (request, reply) =>
    reply.page('security-management-plan/document-remove.njk', await removePage(request)),
  );

  app.post('/contracts/:contractId/smp/documents/:documentId/remove', edit, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const contractId = contractIdOf(request);
    const documentId = documentIdOf(request);
    // Only the confirmation page's button removes: anything else is sent to that page first.
    if (body.confirm !== 'yes') return reply.redirect(`${registerPath(contractId)}/${documentId}/remove`, 303);
    const { title } = await smp.register.get(contractId, documentId);
    await smp.register.remove(actorOf(request), contractId, documentId);
    reply.flash(`Removed “${title}” from the register`);
    return reply.redirect(registerPath(contractId), 303);
  });

  const answerPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const document = await smp.register.get(contract.id, documentIdOf(request));
    return {
      pageTitle: `Does the Client hold a copy of “${document.title}”?`,
      contract,
      document,
      values: document.clientHolds
        ? { holds: document.clientHolds === 'confirmed' ? 'yes' : 'no', reason: document.clientHoldsReason ?? '' }
        : {},
      backLink: { href: registerPath(contract.id) },
    };
  };

  app.get('/contracts/:contractId/smp/documents/:documentId/answer', answer, async (request, reply) =>
    reply.page('security-management-plan/document-answer.njk', await answerPage(request)),
  );

  app.post('/contracts/:contractId/smp/documents/:documentId/answer', answer, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'security-management-plan/document-answer.njk', context: () => answerPage(request) },
      async () => {
        const d = await smp.register.answer(
          actorOf(request),
          contractIdOf(request),
          documentIdOf(request),
          request.body,
        );
        return {
          redirect: registerPath(contractIdOf(request)),
          flash:
            d.clientHolds === 'confirmed'
              ? `You confirmed the Client holds a copy of “${d.title}”`
              : `You recorded that the Client does not hold a copy of “${d.title}”`,
        };
      },
    ),
  );
}
