import { createHash } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../src/modules.ts';
import { CONTRACT_ROLES, currentTotp, SESSION_COOKIE, type ContractRole } from '../src/platform/auth/index.ts';
import type { Actor } from '../src/platform/kernel/index.ts';
import { systemActor } from '../src/platform/kernel/index.ts';
import { BrowserAgent } from './support/browser-agent.ts';
import { aContract, anAdmin, anOrganisation, aUser, PASSWORD, signIn } from './support/builders.ts';
import { dialectsUnderTest } from './support/databases.ts';
import { errorSummary, inputValue, parse, textOf } from './support/html.ts';
import { buildTestApp, type TestApp } from './support/test-app.ts';

type Route = FastifyInstance['routeCatalogue'][number];
const system = systemActor('bad-input-test');

/** Values a careless or hostile client might send in place of an ordinary one. */
const HOSTILE: (string | string[])[] = [
  'x'.repeat(100_000),
  '',
  '   ',
  'a\u0000b',
  '😀🏴‍☠️ Zürich ﷽ ç̧̧̧',
  '😀'.repeat(5_000),
  '\u202Egnp.exe',
  '\uFEFF\u200B',
  "' OR 1=1 --",
  'Robert"); DROP TABLE users;--',
  '<script>alert(1)</script>',
  '{{ 7*7 }} {% raw %}',
  '${7*7}',
  '../../../etc/passwd',
  '%00%',
  '_%\\',
  'null',
  'true',
  '-1',
  '1e309',
  'NaN',
  '0190a0a0-0000-7000-8000-000000000000',
  'ABCDEF01-2345-7000-8000-000000000000',
  '2026-02-30',
  ['a', 'b'],
  ['', ''],
  Array.from({ length: 200 }, (_, i) => String(i)),
];
const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__proto__[isSystemAdmin]',
  'constructor[prototype][isSystemAdmin]',
];
const HOSTILE_SEGMENTS = [
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  'x'.repeat(3000),
  "'%3B%20drop%20table%20users%3B--",
  '%F0%9F%98%80',
  'ABCDEF01-2345-7000-8000-000000000000',
  '%E0%A4%A',
  '%2e%2e',
  '-1',
  '__proto__',
];

/** Every field name a form on these pages uses (read from the pages themselves). */
function fieldNames(html: string): string[] {
  const $ = parse(html);
  return $('input[name], select[name], textarea[name]')
    .toArray()
    .map((el) => $(el).attr('name')!)
    .filter((n) => n !== '_csrf');
}

function formBody(fields: Record<string, string | string[]>, csrf: string | undefined): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) p.append(k, one);
  if (csrf) p.set('_csrf', csrf);
  return p.toString();
}

for (const dialect of await dialectsUnderTest()) {
  describe(`bad input is refused cleanly, never a 500 (${dialect})`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof anAdmin>>;
    let params: Record<string, string>;
    let tokens: Partial<Record<ContractRole, string>>;

    /**
     * An app with a signed-in administrator, a contract with a client viewer on it, an API token for each contract
     * role, and the values to put in each route's parameters.
     */
    async function aFixture() {
      const t = await buildTestApp(dialect);
      const admin = await anAdmin(t);
      const adminActor: Extract<Actor, { type: 'user' }> = {
        type: 'user',
        userId: admin.user.id,
        organisationId: admin.org.id,
        privileged: true,
      };
      const { contract, client } = await aContract(t);
      const victim = await aUser(t, client.id);
      const membership = await t.services.contracts.grant(system, contract.id, {
        userId: victim.id,
        role: 'client-viewer',
      });
      const tokens: Partial<Record<ContractRole, string>> = {};
      let tokenId = '';
      for (const role of CONTRACT_ROLES) {
        const created = await t.services.apiTokens.create(adminActor, {
          name: `fuzz ${role}`,
          contractId: contract.id,
          role,
          expiresOn: '2027-06-30',
        });
        tokens[role] = created.secret;
        tokenId = created.token.id;
      }
      const params: Record<string, string> = {
        contractId: contract.id,
        organisationId: client.id,
        userId: victim.id,
        membershipId: membership.id,
        tokenId,
        token: 'not-a-real-link-token',
        '*': 'custodian.css',
      };
      return { t, admin, params, tokens };
    }
    // The tests that only read or are refused share one; the one that posts to every form builds its own.
    beforeAll(async () => {
      ({ t, admin, params, tokens } = await aFixture());
    });
    afterAll(async () => t?.close());

    const fill = (url: string, p = params) =>
      url.replace(/:([A-Za-z0-9_]+)|\*/g, (m, name: string | undefined) => p[name ?? '*'] ?? m);
    /** A token whose role grants the route's permission, for API routes. */
    const tokenFor = (route: Route, tk = tokens) =>
      CONTRACT_ROLES.map((r) => (PERMISSIONS.rolesGrant([r], route.permission) ? tk[r] : undefined)).find(Boolean);

    it('answers 404 for an unknown address: a page on the web, JSON under /api', async () => {
      const page = await admin.agent.get('/no-such-page');
      expect(page.statusCode).toBe(404);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('Page not found');
      const anon = await t.app.inject({ method: 'GET', url: '/admin/no-such-page' });
      expect(anon.statusCode).toBe(404);
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
      expect(api.statusCode).toBe(404);
      expect(api.headers['content-type']).toMatch(/^application\/json/);
      expect(api.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    });

    it('answers 405 with an Allow header for a method the address does not take', async () => {
      const post = await t.app.inject({ method: 'POST', url: '/healthz' });
      expect(post.statusCode).toBe(405);
      expect(post.headers.allow).toBe('GET');
      const del = await t.app.inject({ method: 'DELETE', url: '/admin/users' });
      expect(del.statusCode).toBe(405);
      expect(String(del.headers.allow).split(', ').sort()).toEqual(['GET', 'POST']);
      expect(del.body).toContain('That action is not allowed here');
      const api = await t.app.inject({ method: 'PUT', url: `/api/v1/contracts/${params.contractId}` });
      expect(api.statusCode).toBe(405);
      expect(api.headers.allow).toBe('GET');
      expect(api.json().error.code).toBe('method_not_allowed');
    });

    it('refuses a body over CUSTODIAN_BODY_LIMIT_BYTES with 413, as a page and as JSON, after authorisation', async () => {
      const small = await buildTestApp(dialect, { CUSTODIAN_BODY_LIMIT_BYTES: '2048' });
      try {
        const big = 'x'.repeat(5000);
        const agent = new BrowserAgent(small.app);
        await agent.get('/sign-in');
        const form = await agent.post('/sign-in', { email: big, password: 'whatever' });
        expect(form.statusCode).toBe(413);
        expect(form.body).toContain('What you sent is too large');
        const json = await small.app.inject({
          method: 'POST',
          url: '/sign-in',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ email: big }),
        });
        expect(json.statusCode).toBe(413);
        const api = await small.app.inject({
          method: 'POST',
          url: '/api/v1/contracts',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ a: big }),
        });
        expect(api.statusCode).toBe(413);
        expect(api.json().error.code).toBe('payload_too_large');
        // A body just under the limit is read as usual.
        expect((await agent.post('/sign-in', { email: 'x'.repeat(1500), password: 'whatever' })).statusCode).toBe(422);
        // The anonymous are turned away before their body is even read.
        const anon = await small.app.inject({
          method: 'POST',
          url: '/admin/organisations',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `name=${big}`,
        });
        expect(anon.statusCode).toBe(303);
      } finally {
        await small.close();
      }
    });

    it('shows malformed form fields as GOV.UK errors with the input kept (422, not 500)', async () => {
      const post = async (url: string, form: Record<string, string | string[]>) => {
        await admin.agent.get(url.endsWith('members') ? url : `${url}/new`);
        return admin.agent.post(url, form);
      };
      const org = await post('/admin/organisations', { name: ['Twice', 'Over'], kind: ['agency', 'client'] });
      expect(org.statusCode).toBe(422);
      expect(errorSummary(org.body)).toEqual(['Enter the organisation name', 'Select the kind of organisation']);

      const user = await post('/admin/users', {
        displayName: 'Kept Name',
        email: ['a@example.test', 'b@example.test'],
        organisationId: 'not-a-uuid',
      });
      expect(user.statusCode).toBe(422);
      expect(errorSummary(user.body)).toEqual(['Enter an email address', 'Select an organisation']);
      expect(inputValue(user.body, 'displayName')).toBe('Kept Name');

      const contract = await post('/admin/contracts', {
        orderReference: 'OK-1',
        title: 'Kept title',
        'startDate-day': ['1', '2'],
        'startDate-month': '13',
        'startDate-year': '2026',
        agencyOrganisationId: 'x',
        clientOrganisationId: '',
        securityPolicyApplies: 'maybe',
        oversightMayEnforce: 'no',
      });
      expect(contract.statusCode).toBe(422);
      expect(errorSummary(contract.body)).toEqual(
        expect.arrayContaining([
          'Enter the Start Date in the format 27 3 2026',
          'Select the Agency',
          'Select the Client',
        ]),
      );
      expect(inputValue(contract.body, 'title')).toBe('Kept title');
      expect(inputValue(contract.body, 'startDate-month')).toBe('13');

      const members = await post(`/admin/contracts/${params.contractId}/members`, { userId: '../../etc', role: 'god' });
      expect(members.statusCode).toBe(422);
      expect(errorSummary(members.body)).toEqual(['Select a person', 'Select a role']);
    });

    it('refuses a NUL character as malformed (400) on this database as on the other', async () => {
      await admin.agent.get('/admin/organisations/new');
      const res = await admin.agent.post('/admin/organisations', { name: 'Null\u0000Corp', kind: 'agency' });
      expect(res.statusCode).toBe(400);
      expect((await t.services.organisations.list()).map((o) => o.name)).not.toContain('Null\u0000Corp');
      expect((await admin.agent.get('/admin/users?search=%00')).statusCode).toBe(400);
      const anon = new BrowserAgent(t.app);
      await anon.get('/sign-in');
      expect(
        (await anon.post('/sign-in', { email: 'a\u0000@example.test', password: 'whatever whatever' })).statusCode,
      ).toBe(400);
      const api = await t.app.inject({
        method: 'GET',
        url: '/api/v1/contracts?x=%00',
        headers: { authorization: `Bearer ${tokens.auditor}` },
      });
      expect(api.statusCode).toBe(400);
      expect(api.json().error.code).toBe('bad_request');
    });

    it('refuses a lone surrogate (400) before any handler runs: nothing checked, nothing recorded', async () => {
      const org = await anOrganisation(t, 'agency');
      const person = await aUser(t, org.id);
      const failedSignIns = async () =>
        (await t.db.db.selectFrom('audit_events').select('id').where('action', '=', 'auth.sign-in-failed').execute())
          .length;
      const before = await failedSignIns();
      const anon = new BrowserAgent(t.app);
      await anon.get('/sign-in');
      // The right password with an ill-formed string in any field: refused before the password is checked.
      for (const body of [
        { email: `${person.email}\ud800`, password: PASSWORD },
        { email: person.email, password: `${PASSWORD}\udfff` },
        { email: person.email, password: PASSWORD, returnTo: '/contracts\ud83d' },
        { email: person.email, password: PASSWORD, ['\udc00']: 'x' },
      ]) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/sign-in',
          headers: { 'content-type': 'application/json', cookie: anon.cookieHeader },
          payload: JSON.stringify({ ...body, _csrf: anon.csrfToken }),
        });
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.headers['set-cookie'] ?? '').not.toContain(SESSION_COOKIE);
      }
      // A pair of surrogates is an ordinary character (an emoji): still only a wrong password.
      const pair = await anon.post('/sign-in', { email: person.email, password: 'wrong 😀 password' });
      expect(pair.statusCode).toBe(422);
      const { agent } = await signIn(t, person.email);
      expect(agent.hasCookie(SESSION_COOKIE)).toBe(true);
      // The refused requests recorded no failed attempt; the one wrong password did, and it was kept.
      expect((await failedSignIns()) - before).toBe(1);

      await admin.agent.get('/admin/organisations/new');
      const form = await t.app.inject({
        method: 'POST',
        url: '/admin/organisations',
        headers: { 'content-type': 'application/json', cookie: admin.agent.cookieHeader },
        payload: JSON.stringify({ name: 'Half \ud800 Ltd', kind: 'agency', _csrf: admin.agent.csrfToken }),
      });
      expect(form.statusCode).toBe(400);
      expect((await t.services.organisations.list()).map((o) => o.name)).not.toContain('Half \ud800 Ltd');
      // Percent-encoded ill-formed UTF-8 in a form or query decodes to U+FFFD, never to a lone surrogate.
      const encoded = await admin.agent.post('/admin/organisations', { name: 'ok', kind: 'agency' });
      expect(encoded.statusCode).not.toBe(500);
      expect((await admin.agent.get('/admin/users?search=%ED%A0%80')).statusCode).toBe(200);
      const api = await t.app.inject({
        method: 'POST',
        url: `/api/v1/contracts/${params.contractId}/memberships`,
        headers: { authorization: `Bearer ${tokens['agency-security-manager']}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ userId: params.userId, role: 'agency-staff\udbff' }),
      });
      expect(api.statusCode).toBe(400);
      expect(api.json()).toEqual({
        error: { code: 'bad_request', message: expect.stringContaining('not well-formed Unicode') },
      });
    });

    it(
      'survives hostile values in every field of every POST form, as an administrator',
      { timeout: 300_000 },
      async () => {
        // Its own app: the hostile posts may change any record the other tests use.
        const { t, admin, params, tokens } = await aFixture();
        try {
          const routes = t.app.routeCatalogue.filter((r) => r.method !== 'GET' && r.url !== '/sign-out');
          expect(routes.length).toBeGreaterThan(10);
          // Field names from every form the admin can open, plus ones no form has.
          const names = new Set<string>([
            'email',
            'password',
            'confirmPassword',
            'currentPassword',
            'code',
            'returnTo',
            'organisationName',
            'organisationKind',
          ]);
          for (const r of t.app.routeCatalogue.filter((x) => x.method === 'GET' && !x.url.startsWith('/api/'))) {
            for (const n of fieldNames((await admin.agent.get(fill(r.url, params))).body)) names.add(n);
          }
          expect(names.has('startDate-day')).toBe(true);
          const pending = new BrowserAgent(t.app);
          await pending.get('/sign-in');
          await pending.post('/sign-in', { email: (await aUser(t, admin.org.id)).email, password: PASSWORD });

          const failures: string[] = [];
          let sent = 0;
          const send = async (route: Route, fields: Record<string, string | string[]>, label: string) => {
            const url = fill(route.url, params);
            let res: LightMyRequestResponse;
            if (url.startsWith('/api/')) {
              const bearer = tokenFor(route, tokens);
              res = await t.app.inject({
                method: route.method as 'POST',
                url,
                headers: {
                  'content-type': 'application/json',
                  ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
                },
                payload: JSON.stringify(fields),
              });
            } else {
              const who = PERMISSIONS.scopeOf(route.permission) === 'pending' ? pending : admin.agent;
              // A fresh token each time: an earlier response may have rotated this browser's session.
              res = await t.app.inject({
                method: route.method as 'POST',
                url,
                headers: { cookie: who.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
                payload: formBody(fields, who.csrfToken),
                remoteAddress: `10.9.${sent % 250}.${(sent >> 8) % 250}`,
              });
            }
            sent++;
            if (res.statusCode >= 500)
              failures.push(`${route.method} ${route.url} ${label}: ${res.statusCode} ${res.body.slice(0, 120)}`);
          };

          for (const route of routes) {
            for (const value of HOSTILE) {
              // Every field hostile at once, and each field hostile inside an otherwise plausible form.
              await send(
                route,
                Object.fromEntries([...names].map((n) => [n, value])),
                `all fields = ${JSON.stringify(value).slice(0, 30)}`,
              );
            }
            for (const key of PROTO_KEYS)
              await send(route, { [key]: 'yes', name: 'Proto Ltd', kind: 'agency' }, `key ${key}`);
          }
          for (const [url, base] of Object.entries(plausibleForms(params))) {
            const route = routes.find((r) => r.url === url);
            expect(route, url).toBeDefined();
            for (const field of Object.keys(base)) {
              for (const value of HOSTILE)
                await send(route!, { ...base, [field]: value }, `${field} = ${JSON.stringify(value).slice(0, 30)}`);
            }
          }
          expect(failures).toEqual([]);
          expect(sent).toBeGreaterThan(500);
          // The admin is still signed in and the app still answers.
          expect((await admin.agent.get('/admin/organisations')).statusCode).toBe(200);
          // JSON bodies with prototype keys are refused by the parser, not merged into objects.
          const proto = await t.app.inject({
            method: 'POST',
            url: '/sign-in',
            headers: { 'content-type': 'application/json' },
            payload: '{"__proto__":{"isSystemAdmin":true},"email":"x@example.test"}',
          });
          expect(proto.statusCode).toBeLessThan(500);
          expect(({} as Record<string, unknown>).isSystemAdmin).toBeUndefined();
        } finally {
          await t.close();
        }
      },
    );

    it('survives hostile path segments and query strings on every route', { timeout: 120_000 }, async () => {
      const failures: string[] = [];
      for (const route of t.app.routeCatalogue) {
        const urls = new Set<string>();
        if (/:|\*/.test(route.url))
          for (const seg of HOSTILE_SEGMENTS) urls.add(route.url.replace(/:([A-Za-z0-9_]+)|\*/g, seg));
        for (const v of HOSTILE.filter((x): x is string => typeof x === 'string' && x.length < 10_000)) {
          const q = new URLSearchParams({ search: v, organisation: v, returnTo: v, page: v, __proto__: v } as Record<
            string,
            string
          >);
          urls.add(`${fill(route.url)}?${q}&search=${encodeURIComponent(v)}`);
        }
        for (const url of urls) {
          const bearer = url.startsWith('/api/') ? tokenFor(route) : undefined;
          const res = await t.app.inject({
            method: route.method as 'GET',
            url,
            headers: { cookie: admin.agent.cookieHeader, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
          });
          if (res.statusCode >= 500) failures.push(`${route.method} ${url.slice(0, 120)}: ${res.statusCode}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('sends the security headers on every response, with a fresh CSP nonce that the page uses', async () => {
      const responses: [string, LightMyRequestResponse][] = [];
      for (const route of t.app.routeCatalogue.filter((r) => r.method === 'GET')) {
        const url = fill(route.url);
        responses.push([`admin ${url}`, await admin.agent.get(url)]);
        responses.push([`anonymous ${url}`, await t.app.inject({ method: 'GET', url })]);
      }
      responses.push(['404', await t.app.inject({ method: 'GET', url: '/nope' })]);
      responses.push(['405', await t.app.inject({ method: 'POST', url: '/healthz' })]);
      responses.push(['API 401', await t.app.inject({ method: 'GET', url: '/api/v1/contracts' })]);
      responses.push([
        'API 200',
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/contracts',
          headers: { authorization: `Bearer ${tokens.auditor}` },
        }),
      ]);
      responses.push([
        'CSRF 403',
        await t.app.inject({
          method: 'POST',
          url: '/sign-in',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'email=a',
        }),
      ]);

      const nonces = new Set<string>();
      for (const [what, res] of responses) {
        const csp = String(res.headers['content-security-policy'] ?? '');
        const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? '';
        const nonce = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(scriptSrc)?.[1];
        expect(nonce, `${what}: CSP ${csp}`).toBeDefined();
        expect(csp, what).not.toContain('unsafe-inline');
        expect(csp, what).not.toContain('unsafe-eval');
        expect(csp, what).toMatch(/frame-ancestors 'none'/);
        expect(csp, what).toMatch(/object-src 'none'/);
        expect(res.headers['referrer-policy'], what).toBe('same-origin');
        expect(res.headers['x-content-type-options'], what).toBe('nosniff');
        expect(res.headers['x-frame-options'], what).toBe('DENY');
        expect(res.headers['x-powered-by'], what).toBeUndefined();
        expect(res.headers['strict-transport-security'], what).toBeUndefined();
        nonces.add(nonce!);
        if (String(res.headers['content-type']).startsWith('text/html')) {
          // Every script on the page carries this response's nonce; there are no inline handlers.
          const $ = parse(res.body);
          for (const s of $('script').toArray()) expect($(s).attr('nonce'), what).toBe(nonce);
          const attributes = $('*')
            .toArray()
            .flatMap((el) => ('attribs' in el ? Object.keys(el.attribs) : []));
          expect(
            attributes.filter((a) => /^on[a-z]+$/.test(a)),
            what,
          ).toEqual([]);
        }
      }
      expect(nonces.size).toBe(responses.length);
    });

    it('sets the session cookie HttpOnly and SameSite=Lax, and no cookie without HttpOnly', async () => {
      const person = await aUser(t, admin.org.id);
      const agent = new BrowserAgent(t.app);
      const first = await agent.get('/sign-in');
      const pw = await agent.post('/sign-in', { email: person.email, password: PASSWORD });
      const all = [...(first.cookies as Cookie[]), ...(pw.cookies as Cookie[])];
      const session = all.find((c) => c.name === SESSION_COOKIE)!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      // A browser-session cookie: the server enforces the timeouts.
      expect(session.maxAge).toBeUndefined();
      expect(session.expires).toBeUndefined();
      for (const c of all) expect(c, c.name).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      expect(all.map((c) => c.name)).toEqual(expect.arrayContaining([SESSION_COOKIE, 'custodian_csrf']));
    });
  });

  describe(`the audit trail never holds a password or secret (${dialect})`, () => {
    it(
      'after setup, activation, sign-ins, failures, MFA, recovery, password changes, resets and API tokens',
      { timeout: 120_000 },
      async () => {
        const t = await buildTestApp(dialect);
        try {
          const secrets: string[] = [PASSWORD];
          // First-run setup with its one-time link.
          const setupPath = new URL((await t.services.links.setupLinkIfNeeded())!).pathname;
          secrets.push(setupPath.split('/').pop()!);
          const first = new BrowserAgent(t.app);
          await first.get(setupPath);
          expect(
            (
              await first.post(setupPath, {
                organisationName: 'Audit Org',
                organisationKind: 'agency',
                displayName: 'Ada',
                email: 'ada@example.test',
                password: PASSWORD,
                confirmPassword: PASSWORD,
              })
            ).statusCode,
          ).toBe(303);
          const admin = await signIn(t, 'ada@example.test');
          secrets.push(admin.secret);

          // An administrator adds a person; the person activates, enrols, and keeps the recovery codes.
          const org = await anOrganisation(t, 'client');
          await admin.agent.get('/admin/users/new');
          const added = await admin.agent.post('/admin/users', {
            displayName: 'Secret Keeper',
            email: 'keeper@example.test',
            organisationId: org.id,
          });
          const activation = new URL(textOf(added.body, 'one-time-link')!).pathname;
          secrets.push(activation.split('/').pop()!);
          const p1 = 'sentinel quartz lobster 4471';
          const person = new BrowserAgent(t.app);
          await person.get(activation);
          expect((await person.post(activation, { password: p1, confirmPassword: p1 })).statusCode).toBe(303);
          await person.get('/sign-in');
          const wrong = 'sentinel wrong walrus 9930';
          expect((await person.post('/sign-in', { email: 'keeper@example.test', password: wrong })).statusCode).toBe(
            422,
          );
          await person.post('/sign-in', { email: 'keeper@example.test', password: p1 });
          const enrolPage = await person.get('/mfa/enrol');
          const totp = textOf(enrolPage.body, 'totp-secret')!;
          expect(totp).toMatch(/^[A-Z2-7]+$/);
          expect((await person.post('/mfa/enrol', { code: '000000' })).statusCode).toBe(422);
          const enrolled = await person.post('/mfa/enrol', { code: currentTotp(totp, t.clock.now()) });
          const enrolledPage = parse(enrolled.body);
          const codes = enrolledPage('li')
            .toArray()
            .map((li) => enrolledPage(li).text())
            .filter((text) => /^[a-z2-7]{5}-[a-z2-7]{5}$/.test(text));
          expect(codes).toHaveLength(10);
          secrets.push(totp, ...codes, person.csrfToken!);

          // A recovery code, a wrong one, a password change and an administrator's reset link.
          const other = new BrowserAgent(t.app, '10.3.3.3');
          await other.get('/sign-in');
          await other.post('/sign-in', { email: 'keeper@example.test', password: p1 });
          await other.get('/sign-in/recovery');
          expect((await other.post('/sign-in/recovery', { code: 'aaaaa-bbbbb' })).statusCode).toBe(422);
          expect((await other.post('/sign-in/recovery', { code: codes[0]! })).statusCode).toBe(303);
          const sessionValue = /custodian_session=([^;]+)/.exec(other.cookieHeader)![1]!;
          secrets.push(sessionValue);
          const p2 = 'sentinel marble falcon 2208';
          await other.get('/account/password');
          expect(
            (await other.post('/account/password', { currentPassword: p1, password: p2, confirmPassword: p2 }))
              .statusCode,
          ).toBe(303);
          const user = (await t.services.users.list({ search: 'keeper@example.test' }))[0]!;
          await admin.agent.get(`/admin/users/${user.id}`);
          const reset = new URL(
            textOf((await admin.agent.post(`/admin/users/${user.id}/password-link`, {})).body, 'one-time-link')!,
          ).pathname;
          secrets.push(reset.split('/').pop()!);
          const p3 = 'sentinel copper heron 5150';
          const resetter = new BrowserAgent(t.app);
          await resetter.get(reset);
          expect((await resetter.post(reset, { password: p3, confirmPassword: p3 })).statusCode).toBe(303);
          secrets.push(p1, wrong, p2, p3);

          // An API token, created through the page and used once.
          const { contract } = await aContract(t);
          await admin.agent.get('/admin/api-tokens/new');
          const created = await admin.agent.post('/admin/api-tokens', {
            name: 'Audit token',
            contractId: contract.id,
            role: 'auditor',
            'expiresOn-day': '1',
            'expiresOn-month': '6',
            'expiresOn-year': '2027',
          });
          const apiSecret = textOf(created.body, 'api-token-secret');
          expect(apiSecret).toMatch(/^cus_[A-Za-z0-9_-]{20,}$/);
          secrets.push(apiSecret!);
          expect(
            (
              await t.app.inject({
                method: 'GET',
                url: '/api/v1/token',
                headers: { authorization: `Bearer ${apiSecret}` },
              })
            ).statusCode,
          ).toBe(200);

          // Stored secrets: password hashes, TOTP secrets, token and link hashes.
          const stored = [
            ...(await t.db.db.selectFrom('users').select(['password_hash', 'mfa_secret']).execute()).flatMap((u) => [
              u.password_hash,
              u.mfa_secret,
            ]),
            ...(await t.db.db.selectFrom('api_tokens').select('token_hash').execute()).map((r) => r.token_hash),
            ...(await t.db.db.selectFrom('account_links').select('id').execute()).map((r) => r.id),
            ...(await t.db.db.selectFrom('recovery_codes').select('code_hash').execute()).map((r) => r.code_hash),
          ].filter((s): s is string => typeof s === 'string' && s.length > 0);
          const hashes = secrets.map((s) => createHash('sha256').update(s).digest('hex'));

          const events = await t.db.db.selectFrom('audit_events').selectAll().execute();
          expect(events.length).toBeGreaterThan(20);
          const actions = new Set(events.map((e) => e.action));
          for (const a of [
            'auth.sign-in-failed',
            'auth.mfa-failed',
            'auth.sign-in',
            'auth.password-changed',
            'auth.password-reset',
            'user.activate',
            'api-token.create',
          ])
            expect(actions, a).toContain(a);
          const dump = JSON.stringify(events);
          for (const s of [...secrets, ...stored, ...hashes])
            expect(dump.includes(s), `audit holds ${s.slice(0, 12)}…`).toBe(false);
          // No detail key even names a secret.
          for (const e of events)
            expect(
              Object.keys(flatten(JSON.parse(e.details))).filter((k) =>
                /password|secret|token$|code_hash|recovery_?code(s)?$/i.test(k),
              ),
            ).toEqual([]);
        } finally {
          await t.close();
        }
      },
    );
  });
}

type Cookie = {
  name: string;
  value: string;
  httpOnly?: boolean;
  sameSite?: string;
  path?: string;
  maxAge?: number;
  expires?: Date;
  secure?: boolean;
};

function flatten(value: unknown, prefix = ''): Record<string, unknown> {
  if (!value || typeof value !== 'object') return { [prefix]: value };
  return Object.assign({}, ...Object.entries(value).map(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k)));
}

/** Otherwise valid forms for the admin pages, so one hostile field at a time reaches the service and the database. */
function plausibleForms(p: Record<string, string>): Record<string, Record<string, string>> {
  const contract = {
    title: 'Fuzzed contract',
    'startDate-day': '1',
    'startDate-month': '12',
    'startDate-year': '2026',
    clientRepresentativeUserId: '',
    oversightOrganisationId: '',
    securityPolicyApplies: 'no',
    oversightMayEnforce: 'no',
    notes: 'notes',
  };
  return {
    '/admin/organisations': { name: 'Fuzz Ltd', kind: 'agency' },
    '/admin/organisations/:organisationId': { name: 'Fuzz Client Ltd' },
    '/admin/users': { displayName: 'Fuzz Person', email: 'fuzz@example.test', organisationId: p.organisationId! },
    '/admin/users/:userId': { displayName: 'Fuzz Victim', isSystemAdmin: '' },
    '/admin/contracts': {
      ...contract,
      orderReference: 'FUZZ-1',
      agencyOrganisationId: p.organisationId!,
      clientOrganisationId: p.organisationId!,
    },
    '/admin/contracts/:contractId': contract,
    '/admin/contracts/:contractId/members': { userId: p.userId!, role: 'auditor' },
    '/admin/api-tokens': {
      name: 'Fuzz token',
      contractId: p.contractId!,
      role: 'auditor',
      'expiresOn-day': '1',
      'expiresOn-month': '6',
      'expiresOn-year': '2027',
    },
    '/account/password': {
      currentPassword: 'not the current password',
      password: 'a new long password here',
      confirmPassword: 'a new long password here',
    },
    '/contracts/:contractId/webhooks': { description: 'Fuzz hook', url: 'https://fuzz.example/hook', party: 'agency' },
    '/contracts/:contractId/deadlines': {
      clause: 'B6.2',
      title: 'Fuzz deadline',
      ownerParty: 'agency',
      ownerUserId: '',
      escalationUserId: '',
      triggerLabel: 'the fuzz',
      'triggerDate-day': '1',
      'triggerDate-month': '12',
      'triggerDate-year': '2026',
      ruleCount: '3',
      ruleKind: 'working-days',
    },
    '/admin/calendar/holidays': {
      'date-day': '3',
      'date-month': '3',
      'date-year': '2027',
      title: 'Fuzz holiday',
      divisions: 'england-and-wales',
      reason: 'Fuzzing the form',
    },
    '/admin/calendar/import': {
      json: JSON.stringify(
        Object.fromEntries(
          ['england-and-wales', 'scotland', 'northern-ireland'].map((d) => [
            d,
            { division: d, events: [{ title: 'Fuzz', date: '2027-03-04', notes: '', bunting: true }] },
          ]),
        ),
      ),
    },
  };
}
