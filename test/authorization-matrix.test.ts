import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../src/modules.ts';
import {
  authorizePlugin,
  CONTRACT_ROLES,
  type AccessResolver,
  type ContractRole,
  type Permission,
} from '../src/platform/auth/index.ts';
import { systemActor, type Actor } from '../src/platform/kernel/index.ts';
import { BrowserAgent } from './support/browser-agent.ts';
import { aContract, anAdmin, anOrganisation, aUser, PASSWORD, signIn } from './support/builders.ts';
import { dialectsUnderTest } from './support/databases.ts';
import { buildTestApp, type TestApp } from './support/test-app.ts';

// Every route × every principal: the walk grows with each module's routes, and this is a check of
// refusals, not of speed — a shared 2-core machine must not fail it by the clock.
const MATRIX_TIMEOUT = 180_000;

/**
 * Deny by default, proven: every route in the app's catalogue (including routes other modules add
 * later) is called by every kind of principal, and the outcome is checked against what the
 * permission catalogue says — never against a hand-written table that could drift from it.
 */

type Route = FastifyInstance['routeCatalogue'][number];

/** Who is calling. Roles are always on contract X unless said otherwise. */
type Who =
  | { kind: 'anonymous' }
  | { kind: 'pending'; stage: 'mfa-enrol' | 'mfa-verify' }
  | { kind: 'user'; admin: boolean; rolesOnX: readonly ContractRole[] }
  | { kind: 'token'; role: ContractRole; contract: 'X' | 'Y' }
  | { kind: 'revoked-token' };

const PRINCIPALS: { name: string; who: Who }[] = [
  { name: 'anonymous', who: { kind: 'anonymous' } },
  { name: 'pending MFA enrolment', who: { kind: 'pending', stage: 'mfa-enrol' } },
  { name: 'pending MFA code', who: { kind: 'pending', stage: 'mfa-verify' } },
  ...CONTRACT_ROLES.map((role) => ({
    name: `${role} on X`,
    who: { kind: 'user', admin: false, rolesOnX: [role] } as Who,
  })),
  { name: 'agency-security-manager on Y only', who: { kind: 'user', admin: false, rolesOnX: [] } },
  { name: 'signed in with no role', who: { kind: 'user', admin: false, rolesOnX: [] } },
  ...CONTRACT_ROLES.map((role) => ({
    name: `API token ${role} on X`,
    who: { kind: 'token', role, contract: 'X' } as Who,
  })),
  { name: 'API token auditor on Y', who: { kind: 'token', role: 'auditor', contract: 'Y' } },
  { name: 'revoked API token', who: { kind: 'revoked-token' } },
  // Last: its allowed POSTs change the throwaway records the refused principals were pointed at.
  { name: 'system admin', who: { kind: 'user', admin: true, rolesOnX: [] } },
];

type Outcome = { allowed: true } | { allowed: false; status: 401 | 403 } | { allowed: false; status: 303; to: string };
const ALLOWED: Outcome = { allowed: true };
const UNKNOWN_ID = '0190a0a0-0000-7000-8000-00000000ffff';

/** The expected outcome, from the permission catalogue the modules declare (scopes, the roles holding each, what a system administrator holds) alone. */
function expected(route: Route, who: Who): Outcome {
  const scope = PERMISSIONS.scopeOf(route.permission);
  if (scope === 'public') return ALLOWED;
  const api = route.url.startsWith('/api/');
  // The JSON API reads bearer tokens only; the web reads session cookies only.
  const eff: Who = api
    ? who.kind === 'token'
      ? who
      : { kind: 'anonymous' }
    : who.kind === 'token' || who.kind === 'revoked-token'
      ? { kind: 'anonymous' }
      : who;
  if (eff.kind === 'anonymous')
    return api ? { allowed: false, status: 401 } : { allowed: false, status: 303, to: '/sign-in' };
  if (scope === 'pending') {
    if (eff.kind === 'pending') return ALLOWED;
    if (eff.kind === 'user') return { allowed: false, status: 303, to: '/' };
    return { allowed: false, status: 403 };
  }
  if (eff.kind === 'pending')
    return { allowed: false, status: 303, to: eff.stage === 'mfa-enrol' ? '/mfa/enrol' : '/sign-in/mfa' };
  if (scope === 'signed-in') return eff.kind === 'user' ? ALLOWED : { allowed: false, status: 403 };
  if (scope === 'admin') return eff.kind === 'user' && eff.admin ? ALLOWED : { allowed: false, status: 403 };
  // contract scope: the contract named by :contractId (always X here), or the token's own contract.
  const namesContract = route.url.includes(':contractId');
  const granted = (roles: readonly ContractRole[]) => roles.some((r) => PERMISSIONS.rolesGrant([r], route.permission));
  if (eff.kind === 'token') {
    const sameContract = !namesContract || eff.contract === 'X';
    return sameContract && granted([eff.role]) ? ALLOWED : { allowed: false, status: 403 };
  }
  if (!namesContract) return { allowed: false, status: 403 };
  if (granted(eff.rolesOnX) || (eff.admin && PERMISSIONS.systemAdminHolds(route.permission))) return ALLOWED;
  return { allowed: false, status: 403 };
}

const pathOf = (location: unknown) => new URL(String(location), 'http://custodian.test').pathname;

/** Why a response looks like an authorisation refusal, or undefined. */
function refusal(route: Route, res: LightMyRequestResponse): string | undefined {
  if (res.statusCode === 401 || res.statusCode === 403) return `${res.statusCode}`;
  if (res.statusCode < 300 || res.statusCode >= 400) return undefined;
  const to = pathOf(res.headers.location);
  const scope = PERMISSIONS.scopeOf(route.permission);
  // Public and pending handlers may redirect on their own (GET / sends the anonymous to /sign-in, sign-out ends there).
  if (scope === 'public') return undefined;
  if (scope === 'pending') return to === '/sign-in' || to === '/' ? `${res.statusCode} to ${to}` : undefined;
  return ['/sign-in', '/mfa/enrol', '/sign-in/mfa'].includes(to) ? `${res.statusCode} to ${to}` : undefined;
}

/**
 * The code of an API refusal: the JSON API's `error.code`; a SCIM route's RFC 7644 §3.12 error
 * (application/scim+json, with the status as a string) names its status instead.
 */
function refusalCode(res: LightMyRequestResponse): string | undefined {
  if (String(res.headers['content-type']).startsWith('application/scim+json')) {
    const body = res.json() as { schemas?: string[]; status?: string };
    if (
      !body.schemas?.includes('urn:ietf:params:scim:api:messages:2.0:Error') ||
      body.status !== String(res.statusCode)
    )
      return undefined;
    return ({ 401: 'unauthenticated', 403: 'forbidden' } as Record<number, string>)[res.statusCode];
  }
  return (res.json() as { error?: { code?: string } }).error?.code;
}

function describeResponse(res: LightMyRequestResponse): string {
  return res.headers.location ? `${res.statusCode} to ${String(res.headers.location)}` : `${res.statusCode}`;
}

/**
 * Parses `printRoutes()` (the router's radix tree) into method + URL pairs: each line's segment is
 * appended to its ancestors'. The default (common-prefix) form is used because it keeps the static
 * part of wildcard routes, which the flat form leaves out.
 */
function routesFromTree(tree: string): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (.+)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const node = /^(.*?)(?: \(([A-Z]+(?:, [A-Z]+)*)\))?$/.exec(m[2]!)!;
    stack.length = depth;
    stack.push(node[1]!);
    for (const method of node[2]?.split(', ') ?? [])
      if (method !== 'HEAD') routes.push({ method, url: stack.join('') });
  }
  return routes;
}

const admin = systemActor('authorization-matrix');

for (const dialect of await dialectsUnderTest()) {
  describe(`authorisation matrix: every route × every principal (${dialect})`, () => {
    let t: TestApp;
    let routes: Route[];
    let params: Record<string, string>;
    let xOrderReference: string;
    let xId: string;
    let callers = new Map<string, { cookie?: string; csrf?: string; bearer?: string }>();
    let victim: { userId: string; membershipId: string; tokenId: string };

    // Access records are group-committed after each response: flush so each is counted against its own request.
    const successfulEvents = async () =>
      (await t.accessJournal.flush(), 0) +
      Number(
        (
          await t.db.db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('outcome', '=', 'success')
            .executeTakeFirstOrThrow()
        ).n,
      );

    /** A browser that has loaded a page, so it has a CSRF cookie and token like a real one. */
    async function freshBrowser() {
      const agent = new BrowserAgent(t.app);
      await agent.get('/sign-in');
      return agent;
    }
    const fromAgent = (agent: BrowserAgent) => ({ cookie: agent.cookieHeader, csrf: agent.csrfToken });

    /**
     * Builds the matrix's app into the variables above: contracts X and Y, throwaway records for the path
     * parameters, and a signed-in browser or API token for every principal.
     */
    async function aMatrix() {
      t = await buildTestApp(dialect);
      callers = new Map();
      const oversight = await anOrganisation(t, 'oversight');
      const {
        agency,
        client,
        contract: x,
      } = await aContract(t, { oversightOrganisationId: oversight.id, oversightMayEnforce: 'yes' });
      const { agency: agencyY, contract: y } = await aContract(t);
      xOrderReference = x.orderReference;
      xId = x.id;
      const orgFor: Record<ContractRole, string> = {
        'agency-security-manager': agency.id,
        'agency-staff': agency.id,
        'client-representative': client.id,
        'client-viewer': client.id,
        'oversight-viewer': oversight.id,
        auditor: client.id,
      };

      const { user: adminUser, agent: adminAgent } = await anAdmin(t);
      const adminActor: Extract<Actor, { type: 'user' }> = {
        type: 'user',
        userId: adminUser.id,
        organisationId: adminUser.organisationId,
        privileged: true,
      };
      const token = async (contractId: string, role: ContractRole) =>
        t.services.apiTokens.create(adminActor, { name: `matrix ${role}`, contractId, role, expiresOn: '2027-06-30' });

      // Throwaway records for the path parameters: the refused principals aim at them, the admin may change them.
      const victimUser = await aUser(t, client.id, { displayName: 'Victor Victim' });
      const victimMembership = await t.services.contracts.grant(admin, x.id, {
        userId: victimUser.id,
        role: 'client-viewer',
      });
      const victimToken = await token(x.id, 'client-viewer');
      victim = { userId: victimUser.id, membershipId: victimMembership.id, tokenId: victimToken.token.id };
      // A webhook on X and a notification (with its deliveries) for the victim: notifications' path parameters.
      // X's Security Management Plan draft: the plan pages' path parameters.
      const smpDraft = await t.services.smp.draft({ type: 'system', name: 'matrix' }, x.id);
      const smpDocument = await t.services.smp.register.add({ type: 'system', name: 'matrix' }, x.id, {
        title: 'Matrix policy',
        version: '1',
        owner: 'Matrix',
        location: 'Matrix shelf',
        bothPartiesHold: 'yes',
      });
      // A hand-made deadline on X, owed by the Agency: deadlines' path parameter.
      const deadline = await t.services.deadlines.create(admin, x.id, {
        kind: 'custom',
        clause: 'B6.2',
        title: 'Matrix deadline',
        ownerParty: 'agency',
        triggerLabel: 'the matrix',
        triggerDate: '2026-12-01',
        ruleKind: 'working-days',
        ruleCount: 5,
      });
      const webhook = await t.services.webhooks.create(admin, x.id, {
        url: 'https://hooks.example/matrix',
        description: 'Matrix hook',
        party: 'agency',
      });
      const notice = await t.services.notifications.enqueue({
        userId: victimUser.id,
        contractId: x.id,
        kind: 'matrix.notice',
        subject: 'Matrix',
        text: 'x',
        key: 'matrix:notice',
      });
      const noticeDelivery = await t.db.db
        .selectFrom('notification_deliveries')
        .select('id')
        .where('notification_id', '=', notice.notificationId)
        .executeTakeFirstOrThrow();
      params = {
        contractId: x.id,
        organisationId: client.id,
        userId: victimUser.id,
        membershipId: victimMembership.id,
        tokenId: victimToken.token.id,
        token: 'not-a-real-link-token',
        seq: '0',
        '*': 'custodian.css',
        notificationId: notice.notificationId,
        subscriptionId: webhook.subscription.id,
        deliveryId: noticeDelivery.id,
        deadlineId: deadline.id,
        versionId: smpDraft.id,
        key: 'scope',
        documentId: smpDocument.id,
        // A pending .docx import lives in the web process only: an unknown one is a plain 404 to those permitted.
        importId: '0190a0a0-0000-7000-8000-0000000001a0',
        // No Variation exists on X yet (that needs an approved plan): an unknown one is a plain 404 to those permitted.
        variationId: '0190a0a0-0000-7000-8000-0000000001b0',
        // A clearance level of the periods pages (the roles and clearances themselves are unknown ids: 404 to those permitted).
        level: 'SC',
      };

      callers.set('anonymous', fromAgent(await freshBrowser()));
      for (const role of CONTRACT_ROLES) {
        const u = await aUser(t, orgFor[role]);
        await t.services.contracts.grant(admin, x.id, { userId: u.id, role });
        callers.set(`${role} on X`, fromAgent((await signIn(t, u.email)).agent));
        const tok = await token(x.id, role);
        callers.set(`API token ${role} on X`, { ...fromAgent(await freshBrowser()), bearer: tok.secret });
      }
      const onY = await aUser(t, agencyY.id);
      await t.services.contracts.grant(admin, y.id, { userId: onY.id, role: 'agency-security-manager' });
      callers.set('agency-security-manager on Y only', fromAgent((await signIn(t, onY.email)).agent));
      const noRole = await aUser(t, agency.id);
      callers.set('signed in with no role', fromAgent((await signIn(t, noRole.email)).agent));
      callers.set('API token auditor on Y', {
        ...fromAgent(await freshBrowser()),
        bearer: (await token(y.id, 'auditor')).secret,
      });
      const revoked = await token(x.id, 'auditor');
      await t.services.apiTokens.revoke(adminActor, revoked.token.id);
      callers.set('revoked API token', { ...fromAgent(await freshBrowser()), bearer: revoked.secret });
      callers.set('system admin', fromAgent(adminAgent));

      // Half-signed-in sessions: password accepted, MFA not done (enrolment, or a code for an enrolled user).
      const newcomer = await aUser(t, client.id);
      const enrolling = await freshBrowser();
      expect((await enrolling.post('/sign-in', { email: newcomer.email, password: PASSWORD })).headers.location).toBe(
        '/mfa/enrol',
      );
      callers.set('pending MFA enrolment', fromAgent(enrolling));
      const verifying = await freshBrowser();
      expect((await verifying.post('/sign-in', { email: noRole.email, password: PASSWORD })).headers.location).toBe(
        '/sign-in/mfa',
      );
      callers.set('pending MFA code', fromAgent(verifying));

      // Signing out ends the caller's session, so it goes last for each principal.
      routes = [...t.app.routeCatalogue].sort((a, b) => Number(a.url === '/sign-out') - Number(b.url === '/sign-out'));
    }
    // The principals who may change none of the throwaway records share one matrix; the system admin, who may,
    // builds its own (see its test).
    beforeAll(aMatrix);
    afterAll(async () => t?.close());

    function fill(url: string): string {
      return url.replace(/:([A-Za-z0-9_]+)|\*/g, (match, name: string | undefined) => {
        // An id the matrix made no record for (a new module's) is an unknown one: a plain 404 to
        // those permitted, so a module's routes are checked here without an entry of their own.
        const value = params[name ?? '*'] ?? (name?.endsWith('Id') ? UNKNOWN_ID : undefined);
        if (!value)
          throw new Error(`The matrix has no value for path parameter ${match} in ${url}: add one to \`params\``);
        return value;
      });
    }

    async function call(name: string, route: Route): Promise<LightMyRequestResponse> {
      const c = callers.get(name)!;
      const url = fill(route.url);
      const headers: Record<string, string> = {};
      if (c.cookie) headers.cookie = c.cookie;
      if (c.bearer) headers.authorization = `Bearer ${c.bearer}`;
      if (route.method === 'GET' || route.method === 'DELETE')
        return t.app.inject({ method: route.method, url, headers });
      if (url.startsWith('/api/'))
        return t.app.inject({
          method: route.method as 'POST',
          url,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: '{}',
        });
      if (!c.csrf) throw new Error(`${name} has no CSRF token`);
      return t.app.inject({
        method: route.method as 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: c.csrf }).toString(),
      });
    }

    it('has a catalogue covering every kind of permission scope', () => {
      const scopes = new Set(routes.map((r) => PERMISSIONS.scopeOf(r.permission)));
      expect([...scopes].sort()).toEqual(['admin', 'contract', 'pending', 'public', 'signed-in']);
      expect(routes.some((r) => r.url.startsWith('/api/'))).toBe(true);
      expect(routes.some((r) => r.method === 'POST')).toBe(true);
    });

    async function checkEveryRoute(name: string, who: Who) {
      const failures: string[] = [];
      let refused = 0;
      for (const route of routes) {
        const want = expected(route, who);
        const before = want.allowed ? 0 : await successfulEvents();
        const res = await call(name, route);
        const what = `${route.method} ${route.url} [${route.permission}]`;
        if (res.statusCode >= 500) failures.push(`${what}: ${res.statusCode} server error`);
        if (want.allowed) {
          const why = refusal(route, res);
          if (why) failures.push(`${what}: should be permitted, was refused (${why})`);
          // A principal of another contract must never see contract X through a route it may call.
          if (name.includes(' on Y') && (res.body.includes(xOrderReference) || res.body.includes(xId)))
            failures.push(`${what}: shows contract X to ${name}`);
          continue;
        }
        refused++;
        const got = describeResponse(res);
        const code = () => refusalCode(res);
        if (res.statusCode !== want.status)
          failures.push(`${what}: expected ${want.status}${'to' in want ? ` to ${want.to}` : ''}, got ${got}`);
        else if ('to' in want && pathOf(res.headers.location) !== want.to)
          failures.push(`${what}: expected a redirect to ${want.to}, got ${got}`);
        else if (want.status === 401 && (code() !== 'unauthenticated' || !res.headers['www-authenticate']))
          failures.push(`${what}: 401 without the JSON error and WWW-Authenticate`);
        else if (want.status === 403 && route.url.startsWith('/api/') && code() !== 'forbidden')
          failures.push(`${what}: 403 without the JSON error`);
        // Refused before the handler: nothing was done, so nothing was recorded as done.
        if ((await successfulEvents()) !== before)
          failures.push(`${what}: a refused request changed something (a success was audited)`);
      }
      expect(failures).toEqual([]);
      // Every principal is refused somewhere (the admin: the MFA pages and the token-only API).
      expect(refused).toBeGreaterThan(0);
    }

    const changesToThrowaways = () =>
      t.db.db
        .selectFrom('audit_events')
        .select(['action', 'actor_id'])
        .where('resource_id', 'in', [victim.userId, victim.tokenId, victim.membershipId])
        // Access records (http.request) are expected for every request, refused or not: they record, not change.
        .where('action', 'not in', [
          'http.request',
          'user.create',
          'account-link.issue',
          'user.activate',
          'membership.grant',
          'api-token.create',
        ])
        .execute();

    /** No refused POST reached its handler: the records they aimed at are unchanged. */
    async function expectThrowawaysUnchanged() {
      expect(await changesToThrowaways()).toEqual([]);
      expect((await t.services.users.get(victim.userId)).status).toBe('active');
      expect((await t.services.apiTokens.get(victim.tokenId)).status).toBe('active');
      expect((await t.services.contracts.memberships(params.contractId!)).map((m) => m.id)).toContain(
        victim.membershipId,
      );
    }

    for (const { name, who } of PRINCIPALS.filter((p) => p.name !== 'system admin')) {
      it(
        `${name}: refused exactly where the permission catalogue withholds the permission, and nowhere else`,
        async () => {
          await checkEveryRoute(name, who);
          await expectThrowawaysUnchanged();
        },
        MATRIX_TIMEOUT,
      );
    }

    it(
      'system admin: refused exactly where the permission catalogue withholds the permission, and nowhere else',
      async () => {
        // Its own matrix: the admin's permitted POSTs change the throwaway records the other principals aim at.
        const shared = { t, routes, params, xOrderReference, xId, callers, victim };
        try {
          await aMatrix();
          await checkEveryRoute('system admin', PRINCIPALS.find((p) => p.name === 'system admin')!.who);
          // The admin's permitted POSTs reached their handlers (the matrix is not vacuous).
          const actions = (await changesToThrowaways()).map((e) => e.action);
          expect(actions).toEqual(
            expect.arrayContaining([
              'user.disable',
              'user.enable',
              'auth.mfa-reset',
              'api-token.revoke',
              'membership.revoke',
            ]),
          );
          expect((await t.services.apiTokens.get(victim.tokenId)).status).toBe('revoked');
        } finally {
          if (t !== shared.t) await t?.close();
          ({ t, routes, params, xOrderReference, xId, callers, victim } = shared);
        }
      },
      MATRIX_TIMEOUT,
    );
  });
}

describe('the route catalogue', () => {
  it('lists every route the router knows, and nothing else', async () => {
    const [dialect] = await dialectsUnderTest();
    const t = await buildTestApp(dialect!);
    try {
      const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
      const inRouter = routesFromTree(t.app.printRoutes()).map(key).sort();
      const inCatalogue = t.app.routeCatalogue.map(key).sort();
      expect(inRouter.length).toBeGreaterThan(20);
      expect(inCatalogue).toEqual(inRouter);
      for (const r of t.app.routeCatalogue)
        expect(t.app.hasRoute({ method: r.method as 'GET', url: r.url }), key(r)).toBe(true);
      expect(new Set(inCatalogue).size).toBe(inCatalogue.length);
    } finally {
      await t.close();
    }
  });

  it('parses the router tree, wildcards and nested parameters included', () => {
    const tree = [
      '└── /',
      '    ├── a',
      '    │   ├── ssets/',
      '    │   │   └── * (GET, HEAD)',
      '    │   └── /',
      '    │       └── :id',
      '    │           └── /x (GET, HEAD, POST)',
      '    └── healthz (GET)',
    ].join('\n');
    expect(routesFromTree(tree)).toEqual([
      { method: 'GET', url: '/assets/*' },
      { method: 'GET', url: '/a/:id/x' },
      { method: 'POST', url: '/a/:id/x' },
      { method: 'GET', url: '/healthz' },
    ]);
  });

  const resolver: AccessResolver = {
    session: async () => undefined,
    bearer: async () => undefined,
    rolesOn: async () => [],
  };
  async function appWith(plugin: (app: FastifyInstance) => Promise<void>) {
    const app = Fastify();
    await app.register(cookie);
    await app.register(authorizePlugin, { resolver, permissions: PERMISSIONS });
    await app.register(plugin);
    return app;
  }

  it('refuses to build an app where a plugin adds a route without a permission', async () => {
    const app = Fastify();
    await app.register(cookie);
    await app.register(authorizePlugin, { resolver, permissions: PERMISSIONS });
    app.register(async (child) => {
      child.get('/ok', { config: { permission: 'public' } }, async () => 'ok');
      child.get('/forgotten', async () => 'oops');
    });
    await expect(app.ready()).rejects.toThrow(/GET \/forgotten declares no valid permission/);
    await app.close().catch(() => {});
  });

  it('refuses a permission that no manifest declares, however deeply the plugin is nested', async () => {
    const app = Fastify();
    await app.register(cookie);
    await app.register(authorizePlugin, { resolver, permissions: PERMISSIONS });
    app.register(async (child) => {
      await child.register(
        fp(async (grandchild) => {
          grandchild.post(
            '/deep',
            { config: { permission: 'contracts:delete-everything' as Permission } },
            async () => 'oops',
          );
        }),
      );
    });
    await expect(app.ready()).rejects.toThrow(/POST \/deep declares no valid permission/);
    await app.close().catch(() => {});
  });

  it('catalogues routes from nested plugins and refuses the anonymous on a non-public one', async () => {
    const app = await appWith(async (child) => {
      child.get('/open', { config: { permission: 'public' } }, async () => 'open');
      child.post('/admin-only', { config: { permission: 'users:manage' } }, async () => 'done');
    });
    await app.ready();
    expect(app.routeCatalogue).toEqual([
      { method: 'GET', url: '/open', permission: 'public' },
      { method: 'POST', url: '/admin-only', permission: 'users:manage' },
    ]);
    expect((await app.inject({ method: 'GET', url: '/open' })).statusCode).toBe(200);
    const refused = await app.inject({ method: 'POST', url: '/admin-only' });
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe('/sign-in');
    await app.close();
  });
});
