import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ScimError, scimErrorBody, SCIM_MEDIA_TYPE } from './scim-errors.ts';
import { sendScimError } from './scim-http-errors.ts';

// The methods each path under the SCIM base answers, for a 405 that says which to use.
const ENDPOINTS: [RegExp, string[]][] = [
  [/^\/Users\/?$/, ['GET', 'POST']],
  [/^\/Users\/[^/]+$/, ['GET', 'PUT', 'PATCH', 'DELETE']],
  [/^\/(ServiceProviderConfig|ResourceTypes|Schemas)(\/[^/]+)?$/, ['GET']],
];

/** The message of an error body another layer wrote (Custodian's `{ error: { message } }`, Fastify's `{ message }`). */
function messageOf(payload: unknown): string | undefined {
  if (typeof payload !== 'string') return undefined;
  try {
    const body = JSON.parse(payload) as { error?: { message?: unknown }; message?: unknown };
    const m = body.error?.message ?? body.message;
    return typeof m === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps every refusal under the SCIM base in the RFC 7644 §3.12 format: unknown paths and methods
 * (404, 405), and replies other layers send themselves before any SCIM handler runs (the authorize
 * plugin's 401 for a missing token) are rewritten as SCIM errors with the same status.
 */
export function scimErrorHooks(scim: FastifyInstance, opts: { prefix: string }) {
  scim.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?')[0] ?? '').slice(opts.prefix.length);
    const allowed = ENDPOINTS.find(([pattern]) => pattern.test(path))?.[1];
    if (allowed && !allowed.includes(request.method)) {
      reply.header('allow', allowed.join(', '));
      return sendScimError(
        request,
        reply,
        new ScimError(405, `${request.method} is not allowed here; use ${allowed.join(' or ')}`),
      );
    }
    return sendScimError(
      request,
      reply,
      new ScimError(404, `No SCIM endpoint at ${path || '/'}: Custodian serves /Users and the discovery endpoints`),
    );
  });

  scim.addHook('onSend', async (_request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (reply.statusCode < 400 || type.startsWith(SCIM_MEDIA_TYPE)) return payload;
    const error = new ScimError(reply.statusCode, messageOf(payload) ?? 'The request was refused');
    reply.header('content-type', `${SCIM_MEDIA_TYPE}; charset=utf-8`);
    return JSON.stringify(scimErrorBody(error));
  });
}

/**
 * For Fastify's `frameworkErrors` option (a root option: no plugin can set it): a request under the
 * SCIM base that fails before any route is found, such as a malformed percent-escape in the URL,
 * still gets a SCIM error. Other requests go to `otherwise`, or to the app's error handler.
 */
export function scimFrameworkErrors(
  prefix: string,
  otherwise?: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void,
) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)) {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
      return sendScimError(
        request,
        reply,
        new ScimError(status, 'The request URL is not well formed', 'invalidSyntax'),
      );
    }
    if (otherwise) return otherwise(error, request, reply);
    return reply.send(error);
  };
}
