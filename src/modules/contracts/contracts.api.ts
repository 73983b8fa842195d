import { z } from 'zod';
import {
  apiErrorOutput,
  apiErrors,
  apiLookupErrors,
  apiRoutes,
  dataOf,
  scopedContractId,
  uuidParam,
} from '../../platform/http/index.ts';
import type { ContractsPluginOptions } from './contracts.options.ts';
import { actorOf } from '../../platform/auth/index.ts';
import { contractOutput, grantRoleInput, membershipOutput } from './contracts.schemas.ts';

const tags = ['Contracts'];
const contractParams = z.object({ contractId: uuidParam('The contract’s id; it must be the token’s contract') });

/**
 * The token's contract and the roles on it. The authorize hook has already refused a :contractId
 * other than the token's, so the handlers only look up what they are given.
 */
export const contractsApi = apiRoutes<ContractsPluginOptions>((api, { contracts }) => {
  api.get(
    '/api/v1/contracts',
    {
      config: { permission: 'contract:view' },
      schema: {
        summary: 'List contracts',
        description: 'The contracts the token can read: always exactly one, the contract it is scoped to.',
        tags,
        response: { 200: dataOf(z.array(contractOutput), 'The token’s contract, as a list of one'), ...apiErrors },
      },
    },
    async (request) => ({ data: [await contracts.get(scopedContractId(request))] }),
  );

  api.get(
    '/api/v1/contracts/:contractId',
    {
      config: { permission: 'contract:view' },
      schema: {
        summary: 'Get a contract',
        description: 'The contract’s details: order reference, title, Start Date, parties and settings.',
        tags,
        params: contractParams,
        response: { 200: dataOf(contractOutput, 'The contract'), ...apiLookupErrors },
      },
    },
    async (request) => ({ data: await contracts.get(request.params.contractId) }),
  );

  api.get(
    '/api/v1/contracts/:contractId/memberships',
    {
      config: { permission: 'contract:members:view' },
      schema: {
        summary: 'List roles on a contract',
        description: 'Who holds which role on the contract, oldest first. Needs a role that may see the members.',
        tags,
        params: contractParams,
        response: { 200: dataOf(z.array(membershipOutput), 'The roles held on the contract'), ...apiLookupErrors },
      },
    },
    async (request) => ({ data: await contracts.memberships(request.params.contractId) }),
  );

  const writeErrors = {
    ...apiLookupErrors,
    409: apiErrorOutput.describe(
      'The token’s role may not give or remove that role, or the role is the named Client’s Representative’s',
    ),
  } as const;

  api.post(
    '/api/v1/contracts/:contractId/memberships',
    {
      config: { permission: 'contract:staff:manage' },
      schema: {
        summary: 'Give a role',
        description:
          'Gives a person a role on the contract. An Agency security manager’s token may give only the Agency staff role, to people of the Agency.',
        tags,
        params: contractParams,
        body: grantRoleInput,
        response: { 201: dataOf(membershipOutput, 'The role given'), ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ data: await contracts.grant(actorOf(request), request.params.contractId, request.body) }),
  );

  api.delete(
    '/api/v1/contracts/:contractId/memberships/:membershipId',
    {
      config: { permission: 'contract:staff:manage' },
      schema: {
        summary: 'Remove a role',
        description: 'Removes a role at once: the person loses what it gave them on their next request.',
        tags,
        params: contractParams.extend({ membershipId: uuidParam('The role’s id (from the list of roles)') }),
        response: { 204: z.null().describe('The role was removed'), ...writeErrors },
      },
    },
    async (request, reply) => {
      await contracts.revoke(actorOf(request), request.params.contractId, request.params.membershipId);
      return reply.code(204).send(null);
    },
  );
});
