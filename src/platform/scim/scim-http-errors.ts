import type { FastifyReply, FastifyRequest } from 'fastify';
import { ScimError, scimErrorBody, SCIM_MEDIA_TYPE } from './scim-errors.ts';

type Thrown = { status?: unknown; statusCode?: unknown; code?: unknown; message?: unknown; fields?: unknown };

const FASTIFY: Record<string, (limit: number) => ScimError> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new ScimError(415, `Send the body as ${SCIM_MEDIA_TYPE} (or application/json)`),
  FST_ERR_CTP_BODY_TOO_LARGE: (limit) => new ScimError(413, `The body is larger than ${limit} bytes`),
  FST_ERR_CTP_INVALID_JSON_BODY: () => new ScimError(400, 'The body is not valid JSON', 'invalidSyntax'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new ScimError(400, 'The body is empty', 'invalidSyntax'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new ScimError(400, 'The Content-Length does not match the body', 'invalidSyntax'),
};

/**
 * Any error, as the RFC 7644 §3.12 error it is: a ScimError as it stands; a Custodian DomainError
 * by its status (a 409 is a `uniqueness` clash, a 400 or 422 an `invalidValue`); Fastify's own
 * (bad JSON, wrong media type, too large) by their codes; anything else a 500 without internals.
 */
export function toScimError(err: unknown, bodyLimit: number): ScimError {
  if (err instanceof ScimError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as Thrown;
  const message = typeof e.message === 'string' ? e.message : 'The request was refused';
  const fromFastify = typeof e.code === 'string' ? FASTIFY[e.code] : undefined;
  if (fromFastify) return fromFastify(bodyLimit);
  if (err instanceof SyntaxError) return new ScimError(400, 'The body is not valid JSON', 'invalidSyntax');
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 409) return new ScimError(409, message, 'uniqueness');
  if (status === 400 || status === 422) {
    const fields = e.fields && typeof e.fields === 'object' ? Object.values(e.fields as Record<string, string>) : [];
    return new ScimError(400, fields.length ? `${message}: ${fields.join('; ')}` : message, 'invalidValue');
  }
  if (status >= 400 && status < 500) return new ScimError(status, message);
  // A DomainError's message is written for people (the audit log unavailable, 503): keep it and its status.
  if (typeof e.status === 'number' && status < 600) return new ScimError(status, message);
  return new ScimError(500, 'Something went wrong inside Custodian');
}

/** Sends a body as application/scim+json (serialised here: Fastify would not for this media type). */
export function sendScim(reply: FastifyReply, status: number, body: unknown) {
  return reply
    .code(status)
    .header('content-type', `${SCIM_MEDIA_TYPE}; charset=utf-8`)
    .header('cache-control', 'no-store')
    .send(JSON.stringify(body));
}

export function sendScimError(request: FastifyRequest, reply: FastifyReply, error: ScimError) {
  const body = scimErrorBody(error);
  if (error.status >= 500) body.detail = `${error.detail} (request ${request.id})`;
  if (error.status === 401) reply.header('www-authenticate', 'Bearer realm="custodian"');
  return sendScim(reply, error.status, body);
}
