import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { operationIdOf, sharedApiErrors } from './api-operations.ts';
import { apiReference, type OpenApiDocument } from './api-reference.ts';

/** Only these routes belong in the document; web pages and the document's own routes do not. */
export const API_PREFIX = '/api/v1/';
const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

const AUTHENTICATION =
  'Every operation needs an API token, sent as `Authorization: Bearer cus_…`. A system administrator creates tokens ' +
  'under Admin → API tokens; each is scoped to one contract and one role, expires, can be revoked, and is shown only once. ' +
  'A token can read only its own contract, and only what its role may see.';

/**
 * The OpenAPI 3.1 document, generated from the zod schemas of the /api/v1 routes, at
 * /api/openapi.json, and a readable reference page generated from it at /api/docs. Register before
 * any route so @fastify/swagger sees them all.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  opts: {
    /** The tags the routes use, with their descriptions, in the order the reference page shows them. */
    tags: readonly { name: string; description: string }[];
    /** CUSTODIAN_PUBLIC_URL: the server the document's paths are relative to. */
    publicUrl: string;
  },
): Promise<void> {
  const tags = [...opts.tags];
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Custodian API', version, description: `Read the records of one contract. ${AUTHENTICATION}` },
      servers: [{ url: opts.publicUrl.replace(/\/$/, ''), description: 'This installation of Custodian' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: AUTHENTICATION } } },
      security: [{ bearer: [] }],
      tags,
    },
    transform: (doc) => {
      if (!doc.url.startsWith(API_PREFIX)) return { schema: { hide: true } as never, url: doc.url };
      const method = [doc.route.method].flat()[0]!;
      const declared = (doc.schema.response ?? {}) as Record<string, unknown>;
      // Every status any request can meet, then the route's own (more precise) ones, in numeric order.
      const response = Object.fromEntries(
        Object.entries({ ...sharedApiErrors(method, doc.schema), ...declared }).sort(([a], [b]) => a.localeCompare(b)),
      );
      const operationId = operationIdOf(method, doc.url, API_PREFIX);
      return jsonSchemaTransform({ ...doc, schema: { ...doc.schema, operationId, response } });
    },
  });

  app.get('/api/openapi.json', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').send(app.swagger()),
  );

  app.get('/api/docs', { config: { permission: 'public' } }, async (_request, reply) => {
    const document = app.swagger() as unknown as OpenApiDocument;
    return reply.page('api/reference.njk', {
      pageTitle: 'API reference',
      authentication: AUTHENTICATION,
      ...apiReference(document),
    });
  });
}
