import { z } from 'zod';
import { actorOf } from '../../platform/auth/index.ts';
import { apiLookupErrors, dataOf, uuidParam, type ApiInstance } from '../../platform/http/index.ts';
import { LEVELS } from './clearance-levels.ts';
import { contractParams, writeErrors } from './api-parts.api.ts';
import type { ClearancesService } from './clearances.service.ts';
import { ROLE_STATUSES, type ClearanceRole } from './role-record.ts';

const tags = ['Clearances'];
const roleParams = contractParams.extend({ roleId: uuidParam('The role’s id') });
const systemRef = z.object({ id: z.uuid(), name: z.string() });
const roleOutput = z.object({
  id: z.uuid(),
  revision: z.number().int().describe('The proposal’s revision: a decision names it'),
  title: z.string(),
  description: z.string(),
  level: z.enum(LEVELS),
  systems: z.array(systemRef).describe('The systems it covers; empty: any system'),
  status: z.enum(ROLE_STATUSES),
  hash: z.string().describe('SHA-256 (hex) of the proposal’s canonical record (RFC 8785)'),
  proposedAt: z.string(),
  decidedAt: z.string().nullable(),
  refusalReason: z.string().nullable(),
  agreed: z
    .object({
      hash: z.string().describe('SHA-256 (hex) of the record agreed'),
      at: z.string(),
      record: z.object({
        contractId: z.uuid(),
        roleId: z.uuid(),
        revision: z.number().int(),
        title: z.string(),
        description: z.string(),
        level: z.enum(LEVELS),
        systems: z.array(systemRef),
      }),
    })
    .nullable()
    .describe('The record last agreed by the Client: it stands until a change is agreed'),
  personIds: z.array(z.uuid()).describe('The people assigned the role'),
});
const out = ({ contractId: _, ...r }: ClearanceRole) => r;
const roleBody = z
  .object({
    title: z.string(),
    description: z.string(),
    level: z.enum(LEVELS),
    systemIds: z.array(z.string()).describe('Systems of the register it covers; empty or absent: any system'),
  })
  .partial();

/** The catalogue of roles that need clearance: proposed by the Agency, decided by the Client's Representative. */
export function clearanceRolesApi(api: ApiInstance, { clearances }: { clearances: ClearancesService }): void {
  api.get(
    '/api/v1/contracts/:contractId/clearance-roles',
    {
      config: { permission: 'contract:clearances:view' },
      schema: {
        summary: 'List the roles that need clearance',
        description:
          'The contract’s catalogue of Agency Staff roles that need a clearance (annex 6.2), each with its status, the revision proposed and, once agreed, the SHA-256 its agreement is bound to.',
        tags,
        params: contractParams,
        response: { 200: dataOf(z.array(roleOutput), 'The catalogue'), ...apiLookupErrors },
      },
    },
    async (request) => ({ data: (await clearances.roles.list(request.params.contractId)).map(out) }),
  );
  api.post(
    '/api/v1/contracts/:contractId/clearance-roles',
    {
      config: { permission: 'contract:clearances:manage' },
      schema: {
        summary: 'Propose a role that needs clearance',
        description:
          'The Agency proposes a role, the clearance it needs and the systems it covers; the Client’s Representative agrees or refuses it.',
        tags,
        params: contractParams,
        body: roleBody,
        response: { 201: dataOf(roleOutput, 'The role proposed'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const role = await clearances.roles.propose(actorOf(request), request.params.contractId, request.body);
      return reply.code(201).send({ data: out(role) });
    },
  );
  api.put(
    '/api/v1/contracts/:contractId/clearance-roles/:roleId',
    {
      config: { permission: 'contract:clearances:manage' },
      schema: {
        summary: 'Change a role that needs clearance',
        description: 'A change is a new proposal the Client decides again; the record last agreed stands meanwhile.',
        tags,
        params: roleParams,
        body: roleBody,
        response: { 200: dataOf(roleOutput, 'The role changed'), ...writeErrors },
      },
    },
    async (request) => ({
      data: out(
        await clearances.roles.change(actorOf(request), request.params.contractId, request.params.roleId, request.body),
      ),
    }),
  );
  for (const decision of ['agree', 'refuse'] as const)
    api.post(
      `/api/v1/contracts/:contractId/clearance-roles/:roleId/${decision}`,
      {
        config: { permission: 'contract:clearances:decide' },
        schema: {
          summary: decision === 'agree' ? 'Agree a proposed role' : 'Refuse a proposed role',
          description:
            decision === 'agree'
              ? 'Binds the proposal of the revision given by its SHA-256; 409 `role_changed` if the Agency changed it since.'
              : 'The reason is required and shown to the Agency.',
          tags,
          params: roleParams,
          body: z
            .object({ revision: z.number().int(), ...(decision === 'refuse' && { reason: z.string() }) })
            .partial(),
          response: { 201: dataOf(roleOutput, 'The role decided'), ...writeErrors },
        },
      },
      async (request, reply) => {
        const { contractId, roleId } = request.params;
        const role = await clearances.roles[decision](actorOf(request), contractId, roleId, request.body);
        return reply.code(201).send({ data: out(role) });
      },
    );
}
