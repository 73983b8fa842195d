import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaSequence } from '../../../test/support/scim-provider-sequences.ts';
import { injector } from '../../../test/support/scim-test-app.ts';
import { authorizePlugin, createPermissionCatalogue, type AccessResolver, type Permission } from '../auth/index.ts';
import { registerErrorHandlers } from '../http/index.ts';
import { registerInputGuard } from '../http/input-guard.ts';
import { MemoryUserStore } from './memory-user-store.ts';
import { scimUserRoutes } from './scim-routes.ts';
import type { ScimUserStore } from './scim-store.ts';
import { scimTokenCaller, type ScimTokenCaller } from './scim-token-caller.ts';
import { okta } from './provider-requests.fixtures.ts';

/**
 * The routes as Custodian mounts them: behind the authorize plugin (bearer API tokens scoped to a
 * contract and a role, the route's permission checked before anything runs), the app's error
 * handlers and input guard, with `scimTokenCaller` taking the token's contract as the tenant.
 */
const CONTRACT_X = '0190a0a0-0000-7000-8000-0000000000a1';
const CONTRACT_Y = '0190a0a0-0000-7000-8000-0000000000b2';
const SCIM = 'contract:directory:scim' as Permission;
const TOKENS: Record<string, { contractId: string; role: string }> = {
  cus_manager_on_x_0001: { contractId: CONTRACT_X, role: 'agency-security-manager' },
  cus_manager_on_y_0002: { contractId: CONTRACT_Y, role: 'agency-security-manager' },
  cus_viewer_on_x_00003: { contractId: CONTRACT_X, role: 'client-viewer' },
};

/** The memory store, one directory per contract. */
function contractStore(): ScimUserStore<ScimTokenCaller> & { memory: MemoryUserStore } {
  const memory = new MemoryUserStore();
  const t = (c: ScimTokenCaller) => ({ tenant: c.contractId });
  return {
    memory,
    list: (c, q) => memory.list(t(c), q),
    get: (c, id) => memory.get(t(c), id),
    create: (c, u) => memory.create(t(c), u),
    replace: (c, id, u) => memory.replace(t(c), id, u),
    delete: (c, id) => memory.delete(t(c), id),
  };
}

describe('SCIM routes behind the authorize plugin and API tokens', () => {
  let app: FastifyInstance;
  const permissions = createPermissionCatalogue([
    {
      name: 'directory',
      permissions: {
        [SCIM]: { scope: 'contract', roles: ['agency-security-manager'], about: 'Feed the staff register over SCIM.' },
      },
    },
  ]);
  const resolver: AccessResolver = {
    session: async () => undefined,
    bearer: async (token) => (TOKENS[token] ? { kind: 'token', tokenId: `id-${token}`, ...TOKENS[token] } : undefined),
    rolesOn: async () => [],
  };
  beforeAll(async () => {
    app = Fastify();
    registerErrorHandlers(app);
    registerInputGuard(app);
    await app.register(cookie);
    await app.register(authorizePlugin, { resolver, permissions });
    await app.register(async (moduleScope) =>
      scimUserRoutes(moduleScope, {
        store: contractStore(),
        authenticate: scimTokenCaller,
        permission: SCIM,
        publicUrl: 'https://custodian.example',
      }),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it('declares its permission on every route, so the authorisation matrix covers them', () => {
    const scim = app.routeCatalogue.filter((r) => r.url.startsWith('/api/scim/v2/'));
    expect(scim.map((r) => `${r.method} ${r.url}`).sort()).toEqual(
      [
        'DELETE /api/scim/v2/Users/:scimUserId',
        'GET /api/scim/v2/ResourceTypes',
        'GET /api/scim/v2/ResourceTypes/:resourceTypeId',
        'GET /api/scim/v2/Schemas',
        'GET /api/scim/v2/Schemas/:schemaId',
        'GET /api/scim/v2/ServiceProviderConfig',
        'GET /api/scim/v2/Users',
        'GET /api/scim/v2/Users/:scimUserId',
        'PATCH /api/scim/v2/Users/:scimUserId',
        'POST /api/scim/v2/Users',
        'PUT /api/scim/v2/Users/:scimUserId',
      ].sort(),
    );
    expect(new Set(scim.map((r) => r.permission))).toEqual(new Set([SCIM]));
  });

  it('serves a token whose role holds the permission, within the token’s contract only', async () => {
    const id = await oktaSequence(injector(app, 'cus_manager_on_x_0001'));
    const onY = injector(app, 'cus_manager_on_y_0002');
    expect(((await onY('GET', '/api/scim/v2/Users')).body as { totalResults: number }).totalResults).toBe(0);
    expect((await onY('GET', `/api/scim/v2/Users/${id}`)).status).toBe(404);
    expect((await onY('POST', '/api/scim/v2/Users', okta.createUser)).status).toBe(201);
  });

  it('refuses in the SCIM error format: no token 401, a token whose role lacks the permission 403, bad input 400', async () => {
    const expectError = (res: { status: number; headers: Record<string, string>; body: unknown }, status: number) => {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(res.body).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: String(status),
      });
    };
    const anonymous = await injector(app, 'not-a-known-token-at-all')('GET', '/api/scim/v2/Users');
    expectError(anonymous, 401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    const noHeader = await app.inject({ method: 'POST', url: '/api/scim/v2/Users', payload: okta.createUser });
    expect([noHeader.statusCode, noHeader.headers['content-type']]).toEqual([
      401,
      'application/scim+json; charset=utf-8',
    ]);
    expectError(await injector(app, 'cus_viewer_on_x_00003')('POST', '/api/scim/v2/Users', okta.createUser), 403);
    expectError(await injector(app, 'cus_viewer_on_x_00003')('GET', '/api/scim/v2/ServiceProviderConfig'), 403);
    // No such endpoint, or not that method: said plainly, not as a refusal of the token.
    expectError(await injector(app, 'cus_manager_on_x_0001')('GET', '/api/scim/v2/Groups'), 404);
    expectError(await injector(app, 'cus_manager_on_x_0001')('DELETE', '/api/scim/v2/Users'), 405);
    // The app's input guard refuses a NUL before any handler; it is still a SCIM error.
    expectError(
      await injector(app, 'cus_manager_on_x_0001')('POST', '/api/scim/v2/Users', {
        ...okta.createUser,
        userName: 'a\u0000b',
      }),
      400,
    );
  });
});
