import Fastify, { type FastifyInstance } from 'fastify';
import type { Permission } from '../../src/platform/auth/index.ts';
import {
  DEFAULT_SCIM_PREFIX,
  MemoryUserStore,
  ScimError,
  scimFrameworkErrors,
  scimUserRoutes,
  type ScimUserStore,
} from '../../src/platform/scim/index.ts';

/** Bearer tokens of the test app: two tenants, and one token that is known but may not use SCIM. */
export const TOKENS = { tenantA: 'token-tenant-a', tenantB: 'token-tenant-b', outOfScope: 'token-no-scim' } as const;

/**
 * The SCIM routes on a bare Fastify app, for the protocol tests: its own bearer check stands in for
 * the authorize plugin (test/… and scim-authorize.test.ts test them together).
 */
export async function scimTestApp(
  opts: { store?: ScimUserStore<{ tenant: string }>; bodyLimit?: number } = {},
): Promise<{ app: FastifyInstance; store: ScimUserStore<{ tenant: string }> }> {
  const app = Fastify({ logger: false, frameworkErrors: scimFrameworkErrors(DEFAULT_SCIM_PREFIX) });
  const store = opts.store ?? new MemoryUserStore();
  await app.register(scimUserRoutes<{ tenant: string }>, {
    store,
    permission: 'contract:view' as Permission,
    publicUrl: 'https://custodian.example',
    ...(opts.bodyLimit ? { bodyLimit: opts.bodyLimit } : {}),
    authenticate: (request) => {
      const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (token === TOKENS.tenantA) return { tenant: 'A' };
      if (token === TOKENS.tenantB) return { tenant: 'B' };
      if (token === TOKENS.outOfScope) throw new ScimError(403, 'This token may not use SCIM');
      throw new ScimError(401, 'Send a token');
    },
  });
  await app.ready();
  return { app, store };
}

/** One HTTP exchange, however it travels (app.inject or a real socket). */
export type Send = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; headers: Record<string, string>; body: unknown }>;

export const injector =
  (app: FastifyInstance, token: string = TOKENS.tenantA): Send =>
  async (method, path, body, headers = {}) => {
    const res = await app.inject({
      method,
      url: path,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    return {
      status: res.statusCode,
      headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])),
      body: res.body ? (JSON.parse(res.body) as unknown) : undefined,
    };
  };
