import { z } from 'zod';
import { userOutput } from '../accounts/index.ts';
import { organisationOutput } from '../organisations/index.ts';
import {
  apiErrors,
  apiLookupErrors,
  apiRoutes,
  dataOf,
  scopedContractId,
  uuidParam,
} from '../../platform/http/index.ts';
import { NotFoundError } from '../../platform/kernel/index.ts';
import type { ContractsPluginOptions } from './contracts.options.ts';

/**
 * Organisations and people, seen through the token's contract: only its parties and the people who
 * hold a role on it. Anything else is "not found", so a token cannot probe for other records.
 */
export const partiesApi = apiRoutes<ContractsPluginOptions>((api, { contracts }) => {
  const parties = (contractId: string) => contracts.parties(contractId);
  const members = (contractId: string) => contracts.members(contractId);

  api.get(
    '/api/v1/organisations',
    {
      config: { permission: 'contract:view' },
      schema: {
        summary: 'List organisations',
        description:
          'The parties to the token’s contract: the Agency, the Client and the oversight body if there is one.',
        tags: ['Organisations'],
        response: { 200: dataOf(z.array(organisationOutput), 'The contract’s parties, by name'), ...apiErrors },
      },
    },
    async (request) => ({ data: await parties(scopedContractId(request)) }),
  );

  api.get(
    '/api/v1/organisations/:organisationId',
    {
      config: { permission: 'contract:view' },
      schema: {
        summary: 'Get an organisation',
        description: 'One party to the token’s contract. Other organisations are not found.',
        tags: ['Organisations'],
        params: z.object({ organisationId: uuidParam('The organisation’s id') }),
        response: { 200: dataOf(organisationOutput, 'The organisation'), ...apiLookupErrors },
      },
    },
    async (request) => {
      const found = (await parties(scopedContractId(request))).find((o) => o.id === request.params.organisationId);
      if (!found) throw new NotFoundError('The organisation');
      return { data: found };
    },
  );

  api.get(
    '/api/v1/users',
    {
      config: { permission: 'contract:members:view' },
      schema: {
        summary: 'List users',
        description:
          'The people who hold at least one role on the token’s contract, by name. Needs a role that may see the members.',
        tags: ['Users'],
        response: { 200: dataOf(z.array(userOutput), 'The people with a role on the contract'), ...apiErrors },
      },
    },
    async (request) => ({ data: await members(scopedContractId(request)) }),
  );

  api.get(
    '/api/v1/users/:userId',
    {
      config: { permission: 'contract:members:view' },
      schema: {
        summary: 'Get a user',
        description: 'One person who holds a role on the token’s contract. Anyone else is not found.',
        tags: ['Users'],
        params: z.object({ userId: uuidParam('The person’s id') }),
        response: { 200: dataOf(userOutput, 'The person'), ...apiLookupErrors },
      },
    },
    async (request) => {
      const found = (await members(scopedContractId(request))).find((u) => u.id === request.params.userId);
      if (!found) throw new NotFoundError('The user');
      return { data: found };
    },
  );
});
