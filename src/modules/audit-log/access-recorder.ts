import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { UUID_PATTERN } from '../../platform/kernel/index.ts';
import type { AuditLog } from './audit-log.service.ts';

// Route parameters that name a record, most specific last; `token` parameters are secrets and never recorded.
const RESOURCE_PARAMS: [string, string][] = [['contractId', 'contract'], ['organisationId', 'organisation'], ['userId', 'user'], ['tokenId', 'api-token'], ['membershipId', 'membership']];
const NOT_RECORDED = /^\/(assets\/|healthz$|readyz$)/;

function resourceOf(params: Record<string, string>): { type: string; id: string } | undefined {
  let found: { type: string; id: string } | undefined;
  for (const [name, type] of RESOURCE_PARAMS) if (params[name] && UUID_PATTERN.test(params[name])) found = { type, id: params[name] };
  return found;
}

const pathOf = (request: FastifyRequest) => {
  const path = (request.url.split('?')[0] ?? '/').slice(0, 300);
  const token = (request.params as { token?: string } | undefined)?.token;
  return token ? path.replace(token, '[redacted]') : path;
};

/**
 * Clause B7.1: an audit record of every access. Every request by a signed-in person or an API token,
 * read or write, page or API, is written to the audit log before its response leaves, so a Client
 * can see who looked at its data. A request that cannot be recorded is not answered (fails closed).
 */
export async function accessRecorderPlugin(app: FastifyInstance, opts: { audit: AuditLog; db: Db }): Promise<void> {
  app.addHook('onSend', async (request, reply, payload) => {
    const p = request.principal;
    if (!p || p.kind === 'anonymous' || NOT_RECORDED.test(request.url)) return payload;
    const status = reply.statusCode;
    const params = (request.params ?? {}) as Record<string, string>;
    const denied = request.access?.denied || status === 401 || status === 403;
    const contractId = request.access?.contractId ?? (params.contractId && UUID_PATTERN.test(params.contractId) ? params.contractId : undefined);
    await opts.audit.record(opts.db, {
      actor: actorOf(request),
      action: 'http.request',
      contractId,
      resource: resourceOf(params),
      outcome: denied ? 'denied' : status >= 400 ? 'failure' : 'success',
      http: { method: request.method, path: pathOf(request), status },
      details: { route: request.routeOptions.url ?? null, method: request.method, status },
    });
    return payload;
  });
}
