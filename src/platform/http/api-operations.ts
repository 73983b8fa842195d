import type { z } from 'zod';
import { apiErrorOutput, apiErrors, apiValidationError } from './api.ts';

/** Methods whose requests Fastify reads a body for: these can also send one that is malformed, too large or of a strange type. */
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The errors a request to any /api/v1 operation can meet before or around its handler, by who sends
 * them: the input guard and the body parser (400, 413, 415), the authorisation hook (401, 403), the
 * schema validation (422), the access recorder, which fails closed (503), and the error handler
 * (500). The OpenAPI document declares them on every operation, so no route can forget one; a
 * route's own declaration of the same status (a more precise description) wins.
 */
export function sharedApiErrors(
  method: string,
  schema: { params?: unknown; querystring?: unknown; body?: unknown },
): Record<number, z.ZodType> {
  const withBody = WITH_BODY.has(method.toUpperCase());
  const errors: Record<number, z.ZodType> = {
    400: apiErrorOutput.describe(
      withBody
        ? 'The request is malformed: the body is not the JSON its content type says, or the path, query or body holds a character that is not allowed (such as NUL)'
        : 'The request is malformed: the path or query holds a character that is not allowed (such as NUL)',
    ),
    ...apiErrors,
    500: apiErrorOutput.describe(
      'Something went wrong inside Custodian; `details.requestId` is the reference to give an administrator',
    ),
    503: apiErrorOutput.describe(
      'Custodian cannot record this access in the audit log at the moment, so it refuses the request: try again shortly',
    ),
  };
  if (withBody) {
    errors[413] = apiErrorOutput.describe('The body is larger than the server accepts (`CUSTODIAN_BODY_LIMIT_BYTES`)');
    errors[415] = apiErrorOutput.describe(
      'The body is of a content type Custodian does not read: send `application/json`',
    );
  }
  if (schema.params || schema.querystring || schema.body) errors[422] = apiValidationError;
  return errors;
}

/**
 * A stable, unique operationId from the method and the path, so clients generated from the document
 * keep their names: `DELETE /api/v1/contracts/:contractId/memberships/:membershipId` is
 * `deleteContractsByContractIdMembershipsByMembershipId`. Method and path identify a route, so the
 * ids are unique as long as the words are; the OpenAPI test checks they are.
 */
export function operationIdOf(method: string, url: string, prefix: string): string {
  const words = url
    .slice(prefix.length)
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^(?::|\{)([A-Za-z0-9_]+)\}?$/.exec(segment);
      return param ? ['by', param[1]!] : segment.split(/[^A-Za-z0-9]+/);
    })
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}
