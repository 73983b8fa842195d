import { z } from 'zod';
import { apiErrorOutput, apiLookupErrors, apiRoutes, dataOf, uuidParam } from '../../platform/http/index.ts';
import { ProofPendingError } from './audit-read.service.ts';
import { auditApiQuery, OUTCOMES } from './audit-read.schemas.ts';
import type { AuditLogPluginOptions } from './audit-read.options.ts';

const tags = ['Audit log'];
const contractParams = z.object({ contractId: uuidParam('The contract’s id; it must be the token’s contract') });
const seqParams = contractParams.extend({
  seq: z
    .string()
    .regex(/^\d{1,15}$/, 'Must be an event number')
    .transform(Number)
    .describe('The event number: its leaf index in the audit log'),
});

const eventSummary = z.object({
  seq: z.number().int().describe('The event number: its leaf index in the tamper-evident log'),
  occurredAt: z.string().describe('When it happened (UTC, ISO 8601)'),
  actorType: z.enum(['user', 'token', 'system', 'anonymous']),
  actorId: z.string().nullable().describe("A user's id, an API token's id or `system:<name>`"),
  actorName: z.string().describe('The display name of the person, the token’s name, or the system job'),
  action: z.string(),
  outcome: z.enum(OUTCOMES),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  privileged: z.boolean().describe('True when a system administrator acted without a role on the contract'),
});
const eventDetail = eventSummary.extend({
  id: z.string(),
  organisationId: z.string().nullable(),
  sourceAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  leafHash: z.string().describe('SHA-256(0x00 ‖ canonicalEvent), hex: the Merkle leaf'),
  canonicalEvent: z.string().describe('The RFC 8785 canonical OCSF event: exactly the bytes the leaf hash covers'),
  event: z.record(z.string(), z.unknown()).describe('The same OCSF event, parsed'),
  proofReady: z.boolean().describe('Whether a signed checkpoint covers the event, so its proof can be fetched'),
});
const proofOutput = z.object({
  leaf_index: z.number().int(),
  tree_size: z.number().int(),
  leaf_hash: z.string(),
  canonical_event: z.string().nullable(),
  inclusion_path: z.array(z.string()),
  checkpoint: z.string().describe('The C2SP signed checkpoint (a signed note) of the tree the proof is for'),
});

/** The audit log of the token's contract: filtered keyset pages, single events and their proofs. */
export const auditApi = apiRoutes<AuditLogPluginOptions>((api, { auditRead }) => {
  const permission = 'contract:audit:view' as const;

  api.get(
    '/api/v1/contracts/:contractId/audit-events',
    {
      config: { permission },
      schema: {
        summary: 'List audit events',
        description:
          'The contract’s audit events, newest first, filtered. Page with `before`: pass the `page.before` of the previous response until it is null.',
        tags,
        params: contractParams,
        querystring: auditApiQuery,
        response: {
          200: z
            .object({
              data: z.array(eventSummary),
              page: z.object({
                before: z
                  .number()
                  .int()
                  .nullable()
                  .describe('Pass as `before` for the next (older) page; null on the last page'),
              }),
            })
            .describe('One page of events'),
          ...apiLookupErrors,
        },
      },
    },
    async (request) => {
      const { limit, ...query } = request.query;
      const page = await auditRead.page(
        request.params.contractId,
        { ...query, pageViews: true, after: undefined },
        limit,
      );
      return { data: page.events, page: { before: page.older?.before ?? null } };
    },
  );

  api.get(
    '/api/v1/contracts/:contractId/audit-events/:seq',
    {
      config: { permission },
      schema: {
        summary: 'Get an audit event',
        description:
          'One event of the contract in full, with its canonical OCSF form and leaf hash. Events of other contracts are not found.',
        tags,
        params: seqParams,
        response: { 200: dataOf(eventDetail, 'The event'), ...apiLookupErrors },
      },
    },
    async (request) => ({ data: await auditRead.get(request.params.contractId, request.params.seq) }),
  );

  api.get(
    '/api/v1/contracts/:contractId/audit-events/:seq/proof',
    {
      config: { permission },
      schema: {
        summary: 'Get an audit event’s inclusion proof',
        description:
          'The RFC 9162 inclusion proof of the event in the latest signed checkpoint. Check it with the log’s verifier key (`custodian audit verify-proof`). A 409 `proof_pending` means no checkpoint covers the event yet: retry after the `Retry-After` seconds.',
        tags,
        params: seqParams,
        response: {
          200: proofOutput.describe('The inclusion proof document'),
          ...apiLookupErrors,
          409: apiErrorOutput.describe('No signed checkpoint covers the event yet'),
        },
      },
    },
    async (request, reply) => {
      try {
        return await auditRead.proof(request.params.contractId, request.params.seq);
      } catch (err) {
        if (err instanceof ProofPendingError) reply.header('retry-after', String(err.seconds));
        throw err;
      }
    },
  );
});
