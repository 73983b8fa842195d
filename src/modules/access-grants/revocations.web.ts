import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { withDateInput } from '../../platform/validation/index.ts';
import { accessUrl, contractIdOf, grantIdOf, labels, manage, view, type AccessWebDeps } from './access-grants.web.ts';

const agree = { config: { permission: 'contract:access:exceptions:agree' as const } };

/** Revocations (annex 6.5) and exceptions (6.1, 6.3): no longer needed, revoked, agreed by the Client. */
export function revocationsWeb(app: FastifyInstance, { accessGrants, contracts }: AccessWebDeps): void {
  const grantUrl = (contractId: string, id: string) => `${accessUrl(contractId)}/grants/${id}`;

  app.post('/contracts/:contractId/access/grants/:grantId/not-needed', manage, async (request, reply) => {
    const g = await accessGrants.notNeeded(actorOf(request), contractIdOf(request), grantIdOf(request));
    reply.flash(`${g.personName}’s ${g.level} access to ${g.systemName} is to be revoked within one Working Day`);
    return reply.redirect(grantUrl(g.contractId, g.id), 303);
  });

  const revocationPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const grant = await accessGrants.get(contract.id, grantIdOf(request));
    return {
      pageTitle: `Record the revocation: ${grant.personName}, ${grant.systemName}`,
      contract,
      grant,
      ...labels,
      backLink: { href: grantUrl(contract.id, grant.id) },
    };
  };
  const revocationPath = '/contracts/:contractId/access/grants/:grantId/revocation';
  app.get(revocationPath, manage, async (request, reply) =>
    reply.page('access-grants/revocation-form.njk', { ...(await revocationPage(request)), values: {} }),
  );
  app.post(revocationPath, manage, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'access-grants/revocation-form.njk', context: () => revocationPage(request) },
      async () => {
        const g = await withDateInput(request.body, 'revokedOn', 'the date access was revoked', (input) =>
          accessGrants.recordRevocation(actorOf(request), contractIdOf(request), grantIdOf(request), input),
        );
        return {
          redirect: grantUrl(g.contractId, g.id),
          flash: `The revocation of ${g.personName}’s access to ${g.systemName} was recorded`,
        };
      },
    ),
  );

  app.get('/contracts/:contractId/access/exceptions', view, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    return reply.page('access-grants/exceptions.njk', {
      pageTitle: `Exceptions: ${contract.orderReference}`,
      contract,
      exceptions: await accessGrants.exceptions.list(contract.id),
      canAgree: request.access.can('contract:access:exceptions:agree'),
      ...labels,
      backLink: { href: accessUrl(contract.id), text: 'Back to Access' },
    });
  });

  const agreePage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const exception = await accessGrants.exceptions.get(contract.id, idParam(request, 'exceptionId', 'The exception'));
    return {
      pageTitle: `Agree the exception for ${exception.personName}`,
      contract,
      exception,
      ...labels,
      backLink: { href: `${accessUrl(contract.id)}/exceptions` },
    };
  };
  const agreePath = '/contracts/:contractId/access/exceptions/:exceptionId/agree';
  app.get(agreePath, agree, async (request, reply) =>
    reply.page('access-grants/agree-form.njk', { ...(await agreePage(request)), values: {} }),
  );
  app.post(agreePath, agree, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'access-grants/agree-form.njk', context: () => agreePage(request) },
      async () => {
        const e = await withDateInput(request.body, 'until', 'the date the agreement lasts until', (input) =>
          accessGrants.exceptions.agree(
            actorOf(request),
            contractIdOf(request),
            idParam(request, 'exceptionId', 'The exception'),
            input,
          ),
        );
        return {
          redirect: `${accessUrl(e.contractId)}/exceptions`,
          flash: `Your written agreement of the exception for ${e.personName} was recorded`,
        };
      },
    ),
  );
}
