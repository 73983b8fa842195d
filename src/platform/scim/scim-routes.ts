import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../auth/index.ts';
import { UUID_PATTERN } from '../kernel/index.ts';
import {
  listResponse,
  schemaResources,
  serviceProviderConfig,
  userResourceType,
  type DiscoveryContext,
} from './scim-discovery.ts';
import { ScimError, SCIM_MEDIA_TYPE } from './scim-errors.ts';
import { sendScim, sendScimError, toScimError } from './scim-http-errors.ts';
import { applyScimPatch } from './scim-patch.ts';
import { parseProjection, project } from './scim-projection.ts';
import { parseUserQuery } from './scim-query.ts';
import type { ScimUserStore } from './scim-store.ts';
import type { DirectoryUser } from './directory-user.ts';
import { fromScimUser, toScimUser } from './scim-user-mapping.ts';
import { scimErrorHooks } from './scim-error-hooks.ts';

export interface ScimRouteOptions<Caller> {
  store: ScimUserStore<Caller>;
  /**
   * Who is calling, for the store: throw (a ScimError, or a DomainError with status 401 or 403) to
   * refuse. Runs before the body is read. In Custodian, `scimTokenCaller` (an API token's contract
   * and actor), after the authorize plugin has checked `permission`.
   */
  authenticate: (request: FastifyRequest) => Caller | Promise<Caller>;
  /** The permission every route declares (deny by default), e.g. `contract:personnel:scim`. */
  permission: Permission;
  /** Where the SCIM base is mounted; `/api/…` so the API's bearer authentication applies. */
  prefix?: string;
  /** The public URL of the installation (CUSTODIAN_PUBLIC_URL), for `meta.location`; else the request's host. */
  publicUrl?: string | undefined;
  /** Largest body accepted, in bytes (default 64 KiB: a user is well under 4 KiB). */
  bodyLimit?: number;
  /** Most users one query returns (default 100, what Okta asks for). */
  maxResults?: number;
  /** Ids the store can hold; any other id is a 404 before the store is asked. Default: a UUID. */
  idPattern?: RegExp;
  documentationUri?: string;
}

export const DEFAULT_SCIM_PREFIX = '/api/scim/v2';

/**
 * A SCIM 2.0 (RFC 7644) service for Users over a ScimUserStore: /Users (list with filter and
 * pagination, create, read, replace, PATCH, delete) and the discovery endpoints
 * /ServiceProviderConfig, /ResourceTypes and /Schemas. Accepts application/scim+json and
 * application/json; every answer, refusals included, is application/scim+json, and every failure
 * the RFC 7644 §3.12 error message.
 */
export async function scimUserRoutes<Caller>(app: FastifyInstance, opts: ScimRouteOptions<Caller>): Promise<void> {
  const prefix = (opts.prefix ?? DEFAULT_SCIM_PREFIX).replace(/\/$/, '');
  const bodyLimit = opts.bodyLimit ?? 64 * 1024;
  const maxResults = opts.maxResults ?? 100;
  const idPattern = opts.idPattern ?? UUID_PATTERN;
  const { store, permission } = opts;
  const callers = new WeakMap<FastifyRequest, Caller>();

  await app.register(
    async (scim) => {
      scimErrorHooks(scim, { prefix });
      // Only JSON bodies, with this scope's limit: forms and text are refused (415), not parsed.
      scim.removeAllContentTypeParsers();
      scim.addContentTypeParser(
        ['application/json', SCIM_MEDIA_TYPE],
        { parseAs: 'string', bodyLimit },
        scim.getDefaultJsonParser('error', 'error'),
      );
      scim.addHook('onRequest', async (request) => {
        // An unknown endpoint touches no store: it is told 404 or 405 whoever asks (the
        // authorize plugin checked no permission for it, so there is no contract to name).
        if (request.is404) return;
        callers.set(request, await opts.authenticate(request));
        // A bad `attributes` list is refused before anything is changed, not after.
        parseProjection(request.query);
      });

      const caller = (request: FastifyRequest) => callers.get(request) as Caller;
      const base = (request: FastifyRequest) =>
        `${(opts.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '')}${prefix}`;
      const context = (request: FastifyRequest): DiscoveryContext => ({
        base: base(request),
        maxResults,
        documentationUri: opts.documentationUri,
      });
      const location = (request: FastifyRequest, id: string) => `${base(request)}/Users/${encodeURIComponent(id)}`;
      // Not `:userId`: the access log reads that as a Custodian account; a SCIM user is a register entry.
      const userId = (request: FastifyRequest) => {
        const id = (request.params as { scimUserId: string }).scimUserId;
        if (!idPattern.test(id)) throw notFound(id);
        return id;
      };
      const config = { permission };
      // RFC 7644 §3.9: every response carrying users honours `attributes` and `excludedAttributes`.
      const userBody = (request: FastifyRequest, user: DirectoryUser) =>
        project(toScimUser(user, location(request, user.id)), parseProjection(request.query));
      const sendUser = (request: FastifyRequest, reply: FastifyReply, user: DirectoryUser, status = 200) =>
        sendScim(reply, status, userBody(request, user));

      scim.get('/Users', { config }, async (request, reply) => {
        const query = parseUserQuery(request.query, maxResults);
        const page = await store.list(caller(request), query);
        const resources = page.resources.slice(0, query.count).map((u) => userBody(request, u));
        return sendScim(reply, 200, listResponse(resources, page.totalResults, query.startIndex));
      });
      scim.post('/Users', { config, bodyLimit }, async (request, reply) => {
        const user = await store.create(caller(request), fromScimUser(request.body));
        reply.header('location', location(request, user.id));
        return sendUser(request, reply, user, 201);
      });
      scim.get('/Users/:scimUserId', { config }, async (request, reply) => {
        const id = userId(request);
        const user = await store.get(caller(request), id);
        if (!user) throw notFound(id);
        return sendUser(request, reply, user);
      });
      scim.put('/Users/:scimUserId', { config, bodyLimit }, async (request, reply) => {
        const id = userId(request);
        const user = await store.replace(caller(request), id, fromScimUser(request.body));
        if (!user) throw notFound(id);
        return sendUser(request, reply, user);
      });
      scim.patch('/Users/:scimUserId', { config, bodyLimit }, async (request, reply) => {
        const id = userId(request);
        const current = await store.get(caller(request), id);
        if (!current) throw notFound(id);
        const user = await store.replace(caller(request), id, applyScimPatch(current, request.body));
        if (!user) throw notFound(id);
        return sendUser(request, reply, user);
      });
      scim.delete('/Users/:scimUserId', { config }, async (request, reply) => {
        const id = userId(request);
        if (!(await store.delete(caller(request), id))) throw notFound(id);
        return reply.code(204).send();
      });

      // RFC 7644 §4: a filter on a discovery endpoint is answered 403, lest a client think it was applied.
      const noFilter = (request: FastifyRequest) => {
        if ((request.query as Record<string, unknown>).filter !== undefined)
          throw new ScimError(403, 'Discovery endpoints do not take a filter');
      };
      scim.get('/ServiceProviderConfig', { config }, async (request, reply) => {
        noFilter(request);
        return sendScim(reply, 200, serviceProviderConfig(context(request)));
      });
      scim.get('/ResourceTypes', { config }, async (request, reply) => {
        noFilter(request);
        return sendScim(reply, 200, listResponse([userResourceType(context(request))], 1, 1));
      });
      scim.get('/ResourceTypes/:resourceTypeId', { config }, async (request, reply) => {
        const { resourceTypeId } = request.params as { resourceTypeId: string };
        if (resourceTypeId !== 'User')
          throw new ScimError(404, `No resource type "${resourceTypeId}": Custodian serves User`);
        return sendScim(reply, 200, userResourceType(context(request)));
      });
      scim.get('/Schemas', { config }, async (request, reply) => {
        noFilter(request);
        const schemas = schemaResources(context(request));
        return sendScim(reply, 200, listResponse(schemas, schemas.length, 1));
      });
      scim.get('/Schemas/:schemaId', { config }, async (request, reply) => {
        const { schemaId } = request.params as { schemaId: string };
        const schema = schemaResources(context(request)).find((s) => s.id.toLowerCase() === schemaId.toLowerCase());
        if (!schema) throw new ScimError(404, `No schema "${schemaId}"`);
        return sendScim(reply, 200, schema);
      });

      scim.setErrorHandler((err, request, reply) => {
        const error = toScimError(err, bodyLimit);
        if (error.status >= 500) request.log.error({ err }, 'SCIM request failed');
        return sendScimError(request, reply, error);
      });
    },
    { prefix },
  );
}

const notFound = (id: string) => new ScimError(404, `No user "${id.slice(0, 100)}"`);
