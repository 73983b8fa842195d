import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError, NotFoundError, UUID_PATTERN, type Actor } from '../kernel/index.ts';
import { isApiRequest } from '../http/request-kind.ts';
import type { AccessResolver, Principal } from './principal.ts';
import type { Permission, PermissionCatalogue } from './permissions.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route must name the permission it needs; registration fails without one. */
    permission?: Permission;
    /**
     * Path or query parameters that are credentials (a one-time link's token, a private feed's key):
     * the request log and the audit log show them as [redacted] (see platform/http/redacted-url.ts).
     */
    credentialParams?: readonly string[];
  }
  interface FastifyInstance {
    /** Every registered route with its permission: the authorisation matrix and redaction tests walk this. */
    routeCatalogue: { method: string; url: string; permission: Permission; credentialParams?: readonly string[] }[];
    /** The permission catalogue the routes are checked against (assembled from the modules). */
    permissions: PermissionCatalogue;
  }
  interface FastifyRequest {
    principal: Principal;
    /** Filled for contract-scoped routes once access is granted. */
    access: RequestAccess;
  }
}

export const SESSION_COOKIE = 'custodian_session';

/** What the request may do, once its route's permission was granted. */
export interface RequestAccess {
  /** The contract of a contract-scoped route (or the API token's). */
  contractId?: string;
  /** The caller's roles on that contract. */
  roles: string[];
  /** Access granted through the system-admin role, not a role on the contract: audited as privileged. */
  privileged: boolean;
  /** Refused by a redirect rather than an error. */
  denied?: boolean;
  /**
   * The other contracts whose data the response carries (a page across contracts, a notification
   * about one): a handler adds them, and the request's access record names each.
   */
  carried: Set<string>;
  /**
   * Whether the caller also holds `permission` on this contract: through a role, or as a system
   * administrator where administrators hold it. What pages ask before offering an action.
   */
  can(permission: Permission): boolean;
}

/**
 * Deny by default. Refuses to register a route that names no permission, then checks the permission
 * on every request before any handler or body parser runs.
 */
export const authorizePlugin = fp(
  async (app: FastifyInstance, opts: { resolver: AccessResolver; permissions: PermissionCatalogue }) => {
    const { permissions } = opts;
    app.decorateRequest('principal', null as never);
    app.decorateRequest('access', null as never);
    app.decorate('permissions', permissions);

    const catalogue: FastifyInstance['routeCatalogue'] = [];
    app.decorate('routeCatalogue', catalogue);
    app.addHook('onRoute', (route) => {
      const permission = (route.config as { permission?: unknown } | undefined)?.permission;
      if (!permissions.has(permission)) {
        throw new Error(`Route ${String(route.method)} ${route.url} declares no valid permission`);
      }
      const credentials = route.config?.credentialParams ? { credentialParams: route.config.credentialParams } : {};
      for (const method of [route.method].flat())
        if (method !== 'HEAD') catalogue.push({ method, url: route.url, permission, ...credentials });
    });

    app.addHook('onRequest', async (request, reply) => {
      const permission = request.routeOptions.config.permission;
      request.principal = await identify(request, opts.resolver);
      request.access = accessOf(permissions, { roles: [], privileged: false });
      if (!permission) return; // the not-found handler: nothing to protect
      await enforce(request, reply, permission, opts.resolver, permissions);
    });
  },
  { name: 'custodian-authorize', dependencies: ['@fastify/cookie'] },
);

async function identify(request: FastifyRequest, resolver: AccessResolver): Promise<Principal> {
  if (isApiRequest(request)) {
    const header = request.headers.authorization ?? '';
    const m = /^Bearer ([A-Za-z0-9_\-.]{10,200})$/.exec(header);
    return (m?.[1] && (await resolver.bearer(m[1]))) || { kind: 'anonymous' };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie || cookie.length > 200) return { kind: 'anonymous' };
  return (await resolver.session(cookie, { sourceAddress: request.ip })) ?? { kind: 'anonymous' };
}

/** The access a request was granted, and what else it may do on the same terms. */
function accessOf(
  permissions: PermissionCatalogue,
  granted: { contractId?: string; roles: string[]; privileged: boolean },
): RequestAccess {
  return {
    ...granted,
    carried: new Set(),
    can: (permission) =>
      permissions.rolesGrant(granted.roles, permission) ||
      (granted.privileged && permissions.systemAdminHolds(permission)),
  };
}

async function enforce(
  request: FastifyRequest,
  reply: FastifyReply,
  permission: Permission,
  resolver: AccessResolver,
  permissions: PermissionCatalogue,
) {
  const scope = permissions.scopeOf(permission);
  const p = request.principal;
  if (scope === 'public') return;
  if (p.kind === 'anonymous') return denyAnonymous(request, reply);
  if (scope === 'pending') {
    if (p.kind !== 'pending') return redirectDenied(request, reply, p.kind === 'user' ? '/' : '/sign-in');
    return;
  }
  if (p.kind === 'pending')
    return redirectDenied(request, reply, p.stage === 'mfa-enrol' ? '/mfa/enrol' : '/sign-in/mfa');
  if (scope === 'signed-in') {
    if (p.kind !== 'user') return deny();
    return;
  }
  if (scope === 'admin') {
    if (p.kind !== 'user' || !p.user.isSystemAdmin) return deny();
    request.access = accessOf(permissions, { roles: [], privileged: true });
    return;
  }
  // contract scope
  const params = request.params as { contractId?: string };
  if (params.contractId !== undefined && !UUID_PATTERN.test(params.contractId)) {
    // A malformed id names no contract at all: say so plainly rather than "forbidden".
    if (isApiRequest(request))
      throw Object.assign(new Error('Must be a UUID'), {
        validation: [{ instancePath: '/contractId', message: 'Must be a UUID' }],
        validationContext: 'params',
      });
    throw new NotFoundError('The contract');
  }
  if (p.kind === 'token') {
    const contractId = params.contractId ?? p.contractId;
    if (contractId !== p.contractId || !permissions.rolesGrant([p.role], permission)) return deny();
    request.access = accessOf(permissions, { contractId, roles: [p.role], privileged: false });
    return;
  }
  const contractId = params.contractId;
  if (!contractId) return deny();
  const roles = await resolver.rolesOn(p.user.id, contractId);
  if (permissions.rolesGrant(roles, permission)) {
    request.access = accessOf(permissions, { contractId, roles, privileged: false });
    return;
  }
  if (p.user.isSystemAdmin && permissions.systemAdminHolds(permission)) {
    request.access = accessOf(permissions, { contractId, roles, privileged: true });
    return;
  }
  return deny();
}

/** A refusal that sends the browser somewhere useful; still a refusal, and recorded as one. */
function redirectDenied(request: FastifyRequest, reply: FastifyReply, to: string) {
  request.access.denied = true;
  return reply.redirect(to, 303);
}

function denyAnonymous(request: FastifyRequest, reply: FastifyReply) {
  if (isApiRequest(request)) {
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="custodian"')
      .send({
        error: { code: 'unauthenticated', message: 'Send a valid API token as "Authorization: Bearer <token>"' },
      });
  }
  const returnTo = request.method === 'GET' ? `?returnTo=${encodeURIComponent(request.url)}` : '';
  return reply.redirect(`/sign-in${returnTo}`, 303);
}

function deny(): never {
  throw new ForbiddenError();
}

/** The Actor for audit events from an authorised request. */
export function actorOf(request: FastifyRequest): Actor {
  const ctx = { requestId: String(request.id), sourceAddress: request.ip, userAgent: request.headers['user-agent'] };
  const p = request.principal;
  if (p.kind === 'user' || p.kind === 'pending') {
    return {
      type: 'user',
      userId: p.user.id,
      organisationId: p.user.organisationId,
      privileged: request.access?.privileged ?? false,
      request: ctx,
    };
  }
  if (p.kind === 'token')
    return { type: 'token', tokenId: p.tokenId, contractId: p.contractId, role: p.role, request: ctx };
  return { type: 'anonymous', request: ctx };
}
