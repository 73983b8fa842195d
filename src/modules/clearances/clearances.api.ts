import { z } from 'zod';
import { actorOf } from '../../platform/auth/index.ts';
import { apiLookupErrors, apiRoutes, dataOf, uuidParam } from '../../platform/http/index.ts';
import { contractParams, writeErrors } from './api-parts.api.ts';
import { LEVELS } from './clearance-levels.ts';
import { CLEARANCE_STATUSES, ENDINGS, type Clearance } from './clearances.schemas.ts';
import type { ClearancesService } from './clearances.service.ts';
import { clearanceRolesApi } from './clearance-roles.api.ts';

const tags = ['Clearances'];
const personParams = contractParams.extend({ personId: uuidParam('The person’s id on the Agency Staff register') });
const clearanceParams = personParams.extend({ clearanceId: uuidParam('The clearance’s id') });

const clearanceOutput = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  level: z.enum(LEVELS),
  sponsor: z.string(),
  grantedOn: z.string().describe('YYYY-MM-DD; the latest renewal’s date once renewed'),
  expiresOn: z
    .string()
    .nullable()
    .describe('YYYY-MM-DD, the review or expiry date; null when the level has no fixed period'),
  status: z.enum(CLEARANCE_STATUSES).describe('`expired`: active but its review or expiry date has come'),
  endedOn: z.string().nullable(),
  endedReason: z.string().nullable(),
  renewals: z.number().int(),
  recordedAt: z.string(),
  updatedAt: z.string(),
});
const out = ({ contractId: _, ...c }: Clearance) => c;

/** Clearances and the catalogue of roles that need clearance, for a token scoped to the contract. */
export const clearancesApi = apiRoutes<{ clearances: ClearancesService }>((api, opts) => {
  const { clearances } = opts;
  api.get(
    '/api/v1/contracts/:contractId/personnel/:personId/clearances',
    {
      config: { permission: 'contract:clearances:view' },
      schema: {
        summary: 'List a person’s clearances',
        description: 'The clearances the person holds or held (annex 6.2), the latest granted first.',
        tags,
        params: personParams,
        response: { 200: dataOf(z.array(clearanceOutput), 'The clearances'), ...apiLookupErrors },
      },
    },
    async (request) => ({
      data: (await clearances.ofPerson(request.params.contractId, request.params.personId)).map(out),
    }),
  );
  api.post(
    '/api/v1/contracts/:contractId/personnel/:personId/clearances',
    {
      config: { permission: 'contract:clearances:manage' },
      schema: {
        summary: 'Record a clearance',
        description:
          'Without `expiresOn`, the review or expiry date is the granted date plus the contract’s period for the level (none for a level without a fixed period). A clock owed by the Agency, due on that date, reminds before it.',
        tags,
        params: personParams,
        body: z
          .object({
            level: z.enum(LEVELS),
            sponsor: z.string(),
            grantedOn: z.string().describe('YYYY-MM-DD, today or earlier'),
            expiresOn: z.string().nullable().optional().describe('YYYY-MM-DD, after grantedOn'),
          })
          .partial(),
        response: { 201: dataOf(clearanceOutput, 'The clearance recorded'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { contractId, personId } = request.params;
      const c = await clearances.record(actorOf(request), contractId, personId, request.body);
      return reply.code(201).send({ data: out(c) });
    },
  );
  api.post(
    '/api/v1/contracts/:contractId/personnel/:personId/clearances/:clearanceId/renew',
    {
      config: { permission: 'contract:clearances:manage' },
      schema: {
        summary: 'Record a renewal or review of a clearance',
        description: 'Meets the clearance’s clock and starts one on the new date.',
        tags,
        params: clearanceParams,
        body: z.object({ grantedOn: z.string(), expiresOn: z.string().nullable().optional() }).partial(),
        response: { 201: dataOf(clearanceOutput, 'The clearance renewed'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { contractId, personId, clearanceId } = request.params;
      const renewed = await clearances.renew(actorOf(request), contractId, personId, clearanceId, request.body);
      return reply.code(201).send({ data: out(renewed) });
    },
  );
  api.post(
    '/api/v1/contracts/:contractId/personnel/:personId/clearances/:clearanceId/end',
    {
      config: { permission: 'contract:clearances:manage' },
      schema: {
        summary: 'Record that a clearance was withdrawn or has lapsed',
        description: 'The clearance is kept, marked as said, and no longer counts; its clock stops.',
        tags,
        params: clearanceParams,
        body: z.object({ status: z.enum(ENDINGS), endedOn: z.string(), reason: z.string() }).partial(),
        response: { 201: dataOf(clearanceOutput, 'The clearance ended'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { contractId, personId, clearanceId } = request.params;
      const ended = await clearances.end(actorOf(request), contractId, personId, clearanceId, request.body);
      return reply.code(201).send({ data: out(ended) });
    },
  );
  clearanceRolesApi(api, opts);
});
