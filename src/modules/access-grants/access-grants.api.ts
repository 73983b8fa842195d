import { z } from 'zod';
import { actorOf } from '../../platform/auth/index.ts';
import { apiErrorOutput, apiLookupErrors, apiRoutes, dataOf, uuidParam } from '../../platform/http/index.ts';
import { MAX_CSV_BYTES } from '../personnel/index.ts';
import { ACCESS_LEVELS, EXCEPTION_KINDS } from './access-grants.schemas.ts';
import type { AccessGrantsService } from './access-grants.service.ts';

const tags = ['Access'];
const contractParams = z.object({ contractId: uuidParam('The contract’s id; it must be the token’s contract') });
const grantParams = contractParams.extend({ grantId: uuidParam('The grant’s id') });
const exceptionParams = contractParams.extend({ exceptionId: uuidParam('The exception’s id') });
const importParams = contractParams.extend({ importId: uuidParam('The import’s id, from its preview') });

const grantOutput = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  systemId: z.uuid(),
  systemName: z.string(),
  level: z.enum(ACCESS_LEVELS),
  reason: z.string().describe('Why the person needs this access'),
  grantedOn: z.string().describe('YYYY-MM-DD'),
  grantedBy: z.string().describe('Who recorded the grant in Custodian'),
  source: z.string().describe('`form`, `api` or `import`'),
  createdAt: z.string(),
  status: z.enum(['current', 'revoking', 'revoked']).describe('`revoking`: a revocation clock is running'),
  revocation: z
    .object({
      deadlineId: z.string().nullable().describe('The “within one (1) Working Day” clock, in the deadlines API'),
      cause: z.enum(['marked-leaving', 'end-date', 'not-needed', 'review']),
      causeDate: z.string().describe('The day the clock counts from'),
      requestedAt: z.string(),
      revokedOn: z.string().nullable(),
      revokedBy: z.string().nullable(),
      method: z.string().nullable(),
      evidenceRef: z.string().nullable(),
      recordedAt: z.string().nullable(),
    })
    .nullable(),
});
const exceptionOutput = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  grantId: z.uuid(),
  kind: z.enum(EXCEPTION_KINDS),
  reason: z.string(),
  missing: z.array(z.string()).describe('What was missing when it was raised (checks, or the clearance)'),
  status: z.enum(['open', 'agreed', 'closed']),
  raisedAt: z.string(),
  agreedBy: z.string().nullable(),
  agreedAt: z.string().nullable(),
  agreedUntil: z.string().nullable(),
  agreedWhy: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedReason: z.string().nullable(),
});
const writeErrors = {
  ...apiLookupErrors,
  409: apiErrorOutput.describe('The grant or exception is not in a state that allows this'),
  422: apiErrorOutput.describe(
    'A field is missing or wrong, or the person’s pre-employment checks are incomplete and no exception reason was given: `details.fields` says which and what is missing',
  ),
};
const strip = <T extends { contractId: string }>({ contractId: _, ...rest }: T) => rest;

/** Access grants, revocations and exceptions over the API, for the same roles as the pages. */
export const accessGrantsApi = apiRoutes<{ accessGrants: AccessGrantsService }>((api, { accessGrants }) => {
  api.get(
    '/api/v1/contracts/:contractId/access-grants',
    {
      config: { permission: 'contract:access:view' },
      schema: {
        summary: 'List access grants',
        description: 'Every grant of the contract, held or revoked, with its revocation (and clock) if any.',
        tags,
        params: contractParams,
        querystring: z.object({ personId: z.uuid().optional(), systemId: z.uuid().optional() }),
        response: { 200: dataOf(z.array(grantOutput), 'The grants'), ...apiLookupErrors },
      },
    },
    async (request) => ({
      data: (await accessGrants.list(request.params.contractId, request.query)).map(strip),
    }),
  );
  api.post(
    '/api/v1/contracts/:contractId/access-grants',
    {
      config: { permission: 'contract:access:manage' },
      schema: {
        summary: 'Record an access grant',
        description:
          'Refused (422, with what is missing) when the person’s pre-employment checks are incomplete, unless `exceptionReason` is given: the grant is then recorded with an open exception the Client sees (annex 6.1).',
        tags,
        params: contractParams,
        body: z.object({
          personId: z.string(),
          systemId: z.string(),
          level: z.string().describe('standard, elevated or administrator'),
          reason: z.string(),
          grantedOn: z.string().describe('YYYY-MM-DD'),
          exceptionReason: z.string().optional(),
        }),
        response: { 201: dataOf(grantOutput, 'The grant'), ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        data: strip(await accessGrants.grant(actorOf(request), request.params.contractId, request.body, 'api')),
      }),
  );
  api.post(
    '/api/v1/contracts/:contractId/access-grants/:grantId/not-needed',
    {
      config: { permission: 'contract:access:manage' },
      schema: {
        summary: 'Mark elevated or administrator access no longer needed',
        description: 'Starts its revocation clock: within one (1) Working Day of today (annex 6.5).',
        tags,
        params: grantParams,
        response: { 201: dataOf(grantOutput, 'The grant'), ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        data: strip(await accessGrants.notNeeded(actorOf(request), request.params.contractId, request.params.grantId)),
      }),
  );
  api.post(
    '/api/v1/contracts/:contractId/access-grants/:grantId/revocation',
    {
      config: { permission: 'contract:access:manage' },
      schema: {
        summary: 'Record a revocation done',
        description:
          'When, by whom, how, and where the evidence is held; it meets the revocation clock (late if missed).',
        tags,
        params: grantParams,
        body: z.object({ revokedOn: z.string(), revokedBy: z.string(), method: z.string(), evidenceRef: z.string() }),
        response: { 201: dataOf(grantOutput, 'The grant'), ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        data: strip(
          await accessGrants.recordRevocation(
            actorOf(request),
            request.params.contractId,
            request.params.grantId,
            request.body,
          ),
        ),
      }),
  );
  api.get(
    '/api/v1/contracts/:contractId/access-exceptions',
    {
      config: { permission: 'contract:access:view' },
      schema: {
        summary: 'List exceptions',
        description: 'Exceptions to the personnel rules, open, agreed by the Client in writing, or closed.',
        tags,
        params: contractParams,
        response: { 200: dataOf(z.array(exceptionOutput), 'The exceptions'), ...apiLookupErrors },
      },
    },
    async (request) => ({ data: (await accessGrants.exceptions.list(request.params.contractId)).map(strip) }),
  );
  api.post(
    '/api/v1/contracts/:contractId/access-exceptions/:exceptionId/agreement',
    {
      config: { permission: 'contract:access:exceptions:agree' },
      schema: {
        summary: 'Record the Client’s written agreement of an exception',
        description: 'For any kind of exception: until when (YYYY-MM-DD) and why; who and when are recorded.',
        tags,
        params: exceptionParams,
        body: z.object({ until: z.string(), why: z.string() }),
        response: { 201: dataOf(exceptionOutput, 'The exception'), ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        data: strip(
          await accessGrants.exceptions.agree(
            actorOf(request),
            request.params.contractId,
            request.params.exceptionId,
            request.body,
          ),
        ),
      }),
  );
  api.post(
    '/api/v1/contracts/:contractId/access-grants/imports',
    {
      config: { permission: 'contract:access:manage' },
      bodyLimit: MAX_CSV_BYTES * 2,
      schema: {
        summary: 'Preview a grants CSV import',
        description:
          'Reads an IAM export (Work email or Employee ID, System, Access level, Reason, Granted date) and says what applying it would add, row by row. Nothing changes until it is applied.',
        tags,
        params: contractParams,
        body: z.object({ fileName: z.string().max(120).optional(), csv: z.string().min(1, 'Send the CSV text') }),
        response: {
          201: dataOf(
            z.object({
              id: z.uuid(),
              canApply: z.boolean(),
              fileErrors: z.array(z.string()),
              rows: z.number().int(),
              added: z.number().int(),
              unchanged: z.number().int(),
              errors: z.array(z.object({ line: z.number().int(), who: z.string(), messages: z.array(z.string()) })),
            }),
            'What the import would do',
          ),
          ...apiLookupErrors,
        },
      },
    },
    async (request, reply) => {
      const s = await accessGrants.imports.preview(actorOf(request), request.params.contractId, {
        fileName: request.body.fileName || 'grants.csv',
        bytes: Buffer.from(request.body.csv, 'utf8'),
      });
      const p = s.preview;
      return reply.code(201).send({
        data: {
          id: s.id,
          canApply: p.fileErrors.length === 0 && p.errors.length === 0,
          fileErrors: p.fileErrors,
          rows: p.rows,
          added: p.added.length,
          unchanged: p.unchanged,
          errors: p.errors,
        },
      });
    },
  );
  api.post(
    '/api/v1/contracts/:contractId/access-grants/imports/:importId/apply',
    {
      config: { permission: 'contract:access:manage' },
      schema: {
        summary: 'Apply a previewed grants CSV import',
        description: 'Every grant of the preview in one transaction, or none.',
        tags,
        params: importParams,
        response: {
          201: dataOf(
            z.object({ fileName: z.string(), added: z.number().int(), unchanged: z.number().int() }),
            'What was imported',
          ),
          ...writeErrors,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        data: await accessGrants.imports.apply(actorOf(request), request.params.contractId, request.params.importId),
      }),
  );
});
