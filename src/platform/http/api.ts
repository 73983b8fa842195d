import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ForbiddenError } from '../kernel/index.ts';

/** A Fastify instance whose route schemas are zod: handlers get typed params and typed replies. */
export type ApiInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * Wraps JSON API routes in a plugin with its own encapsulated context, so zod validates requests and
 * serializes responses there only; the web routes keep Fastify's defaults. Register the result with
 * `app.register(apiRoutes(fn), opts)`.
 */
export function apiRoutes<O extends object>(routes: (api: ApiInstance, opts: O) => void) {
  return async function api(app: FastifyInstance, opts: O): Promise<void> {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    routes(app.withTypeProvider<ZodTypeProvider>(), opts);
  };
}

/** The body of every API error: the same shape the error handler sends. */
export const apiErrorOutput = z.object({
  error: z.object({
    code: z.string().describe('A stable, machine-readable code such as `not_found` or `validation_failed`'),
    message: z.string().describe('A human-readable explanation'),
    details: z.record(z.string(), z.unknown()).optional().describe('Extra facts, such as the validation issues'),
  }),
});

/**
 * The error responses every token-authenticated operation can give. Declared on each route so the
 * OpenAPI document lists them, and so the serializer checks the error handler keeps the shape.
 */
export const apiErrors = {
  401: apiErrorOutput.describe('No token was sent, or it is unknown, expired or revoked'),
  403: apiErrorOutput.describe("The token's role lacks the permission, or the address belongs to another contract"),
} as const;

/** A request that does not match the route's schema (the error handler's `validation_failed`). */
export const apiValidationError = apiErrorOutput.describe(
  'The path, query or body does not match the schema (an id that is not a UUID, say): `details.issues` says where',
);

/** The further errors of an operation that looks something up by an id in its path. */
export const apiLookupErrors = {
  ...apiErrors,
  404: apiErrorOutput.describe('Nothing with that id is part of the token’s contract'),
  422: apiValidationError,
} as const;

/** The contract the authorize hook scoped this request to (a token's contract); refuses if there is none. */
export function scopedContractId(request: FastifyRequest): string {
  const id = request.access?.contractId;
  if (!id) throw new ForbiddenError();
  return id;
}

/** A UUID path parameter; anything else is a 422 before the handler runs. */
export const uuidParam = (description: string) => z.uuid({ message: 'Must be a UUID' }).describe(description);

/** `{ "data": … }`: one envelope for every success, so pagination or metadata can be added later. */
export const dataOf = <T extends z.ZodType>(schema: T, description: string) =>
  z.object({ data: schema }).describe(description);
