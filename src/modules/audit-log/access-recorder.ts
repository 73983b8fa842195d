import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { redactedUrl } from '../../platform/http/index.ts';
import { UUID_PATTERN } from '../../platform/kernel/index.ts';
import { AuditUnavailableError, type AccessJournal } from './access-journal.ts';

// Route parameters that name a record, most specific last. Credentials (`config.credentialParams`) are never recorded.
const RESOURCE_PARAMS: [string, string][] = [
  ['contractId', 'contract'],
  ['organisationId', 'organisation'],
  ['userId', 'user'],
  ['tokenId', 'api-token'],
  ['membershipId', 'membership'],
  ['personId', 'person'],
];
const NOT_RECORDED = /^\/(assets\/|healthz$|readyz$)/;

function resourceOf(params: Record<string, string>): { type: string; id: string } | undefined {
  let found: { type: string; id: string } | undefined;
  for (const [name, type] of RESOURCE_PARAMS)
    if (params[name] && UUID_PATTERN.test(params[name])) found = { type, id: params[name] };
  return found;
}

const pathOf = (request: FastifyRequest) => (redactedUrl(request).split('?')[0] ?? '/').slice(0, 300);

/**
 * Clause B7.1: an audit record of every access. Every request by a signed-in person or an API token,
 * read or write, page or API, is recorded once its outcome is known (or once the reader hangs up), so a Client can see who looked
 * at its data. Records are group-committed by the access journal just after the response (see
 * access-journal.ts for what that trades); while they cannot be written, signed-in requests are
 * refused (fails closed).
 */
export async function accessRecorderPlugin(app: FastifyInstance, opts: { journal: AccessJournal }): Promise<void> {
  const recorded = (request: FastifyRequest) => {
    const p = request.principal;
    return Boolean(p && p.kind !== 'anonymous' && !NOT_RECORDED.test(request.url));
  };
  // Each request once: 'close' also comes after a response that finished (and onResponse ran).
  const done = new WeakSet<FastifyRequest>();
  const record = (request: FastifyRequest, reply: FastifyReply, aborted: boolean) => {
    if (done.has(request)) return;
    done.add(request);
    const status = reply.statusCode;
    const params = (request.params ?? {}) as Record<string, string>;
    const denied = request.access?.denied || status === 401 || status === 403;
    const routeContract =
      request.access?.contractId ??
      (params.contractId && UUID_PATTERN.test(params.contractId) ? params.contractId : undefined);
    // One record per contract whose data the response carried, so each contract's auditors see it.
    const contracts = new Set([...(routeContract ? [routeContract] : []), ...(request.access?.carried ?? [])]);
    for (const contractId of contracts.size ? contracts : [undefined])
      opts.journal.push({
        actor: actorOf(request),
        action: 'http.request',
        contractId,
        resource: resourceOf(params),
        outcome: denied ? 'denied' : status >= 400 ? 'failure' : 'success',
        http: { method: request.method, path: pathOf(request), status },
        details: {
          route: request.routeOptions.url ?? null,
          method: request.method,
          status,
          ...(aborted && { aborted }),
        },
      });
  };
  app.addHook('onRequest', async (request, reply) => {
    if (!recorded(request)) return;
    if (!opts.journal.accepting()) throw new AuditUnavailableError();
    // Fastify runs onResponse only for a response that finished: a reader who hangs up part-way
    // through (an export abandoned after its first chunk) would leave no record. The socket's
    // 'close' comes either way, after onResponse for one that finished; one that did not is
    // recorded there, as aborted.
    reply.raw.once('close', () => record(request, reply, true));
  });
  app.addHook('onResponse', async (request, reply) => {
    if (recorded(request)) record(request, reply, false);
  });
}
