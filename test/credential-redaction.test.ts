import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../src/platform/http/logger.ts';
import { BrowserAgent } from './support/browser-agent.ts';
import { anOrganisation, aUser, signIn } from './support/builders.ts';
import { dialectsUnderTest } from './support/databases.ts';
import { buildTestApp, type TestApp } from './support/test-app.ts';

/**
 * Credentials in addresses (one-time setup and activation links, the private calendar feed) never reach
 * the request log or the audit log. Every route in the catalogue that declares a credential parameter
 * is called, signed in and not, with a recognisable secret in its path and query string, and both logs
 * are searched for it.
 */

type Route = FastifyInstance['routeCatalogue'][number];
type CredentialRoute = Route & { credentialParams: readonly string[] };

const SECRET = 'leak-canary-5f0c2b7e91d4';
// The routes known to carry a credential: the walk below must include them, so it cannot pass by finding none.
const KNOWN = [
  'GET /setup/:token',
  'POST /setup/:token',
  'GET /activate/:token',
  'POST /activate/:token',
  'GET /feeds/deadlines/:token',
];
const name = (r: Route) => `${r.method} ${r.url}`;

for (const dialect of await dialectsUnderTest()) {
  describe(`credentials in route parameters are redacted from both logs (${dialect})`, () => {
    let t: TestApp;
    let credentialRoutes: CredentialRoute[];
    const logLines: string[] = [];
    let signedIn: BrowserAgent;
    let actor: { type: 'user'; userId: string; organisationId: string; privileged: false };

    const auditRows = async () => (
      await t.accessJournal.flush(),
      t.db.db.selectFrom('audit_events').selectAll().execute()
    );
    const leaks = async (secret: string) => ({
      log: logLines.filter((line) => line.includes(secret)),
      audit: (await auditRows()).map((row) => JSON.stringify(row)).filter((row) => row.includes(secret)),
    });

    beforeAll(async () => {
      const stream = { write: (line: string) => void logLines.push(line) };
      t = await buildTestApp(dialect, {}, { logger: { ...loggerOptions('info'), stream } });
      const org = await anOrganisation(t, 'agency');
      const user = await aUser(t, org.id);
      actor = { type: 'user', userId: user.id, organisationId: org.id, privileged: false };
      signedIn = (await signIn(t, user.email)).agent;
      credentialRoutes = t.app.routeCatalogue.filter((r): r is CredentialRoute => Boolean(r.credentialParams?.length));
    });
    afterAll(async () => t?.close());

    it('declares a credential parameter on every route known to carry one, and on any path parameter named token', () => {
      expect(credentialRoutes.map(name)).toEqual(expect.arrayContaining(KNOWN));
      const undeclared = t.app.routeCatalogue.filter(
        (r) => /:token\b/i.test(r.url) && !r.credentialParams?.includes('token'),
      );
      expect(undeclared.map(name)).toEqual([]);
    });

    it('keeps the secret out of the request log and the audit log on every credential route', async () => {
      const anonymous = new BrowserAgent(t.app);
      await anonymous.get('/sign-in');
      for (const route of credentialRoutes) {
        const path = route.url.replace(/:(\w+)/g, (_, param: string) => {
          if (!route.credentialParams.includes(param)) throw new Error(`${name(route)}: no value for :${param}`);
          return SECRET;
        });
        const query = route.credentialParams.map((p) => `${p}=${SECRET}`).join('&');
        for (const agent of [anonymous, signedIn]) {
          const url = `${path}?${query}&page=2`;
          const res =
            route.method === 'GET'
              ? await agent.get(url)
              : await agent.post(url, { password: SECRET, confirmPassword: SECRET });
          expect(res.statusCode, `${name(route)}`).toBeLessThan(500);
        }
      }

      expect(await leaks(SECRET)).toEqual({ log: [], audit: [] });
      // Not vacuous: each request was logged and (signed in) recorded, with the credential shown as redacted.
      const logged = logLines.map(
        (line) => JSON.parse(line) as { msg?: string; req?: { method?: string; url?: string } },
      );
      const recorded = (await auditRows()).filter((e) => e.action === 'http.request' && e.actor_id === actor.userId);
      for (const route of credentialRoutes) {
        const redacted = route.url.replace(/:\w+/g, '[redacted]');
        const query = route.credentialParams.map((p) => `${p}=[redacted]`).join('&');
        const seen = logged.filter(
          (l) =>
            l.msg === 'incoming request' &&
            l.req?.method === route.method &&
            l.req.url === `${redacted}?${query}&page=2`,
        );
        expect(seen, `${name(route)} in the request log`).toHaveLength(2);
        const paths = recorded
          .map((e) => JSON.parse(e.details) as { route?: string; method?: string })
          .filter((d) => d.route === route.url && d.method === route.method);
        expect(paths, `${name(route)} in the audit log`).toHaveLength(1);
      }
    });

    it('keeps the secret out of both logs when the address is mistyped and matches no route', async () => {
      const secret = `${SECRET}-mistyped`;
      for (const route of credentialRoutes.filter((r) => r.method === 'GET')) {
        const path = route.url.replace(/:(\w+)/g, () => secret);
        for (const agent of [new BrowserAgent(t.app), signedIn]) {
          const res = await agent.get(`${path}/extra?token=${secret}`);
          expect(res.statusCode, name(route)).toBe(404);
        }
      }
      expect(await leaks(secret)).toEqual({ log: [], audit: [] });
    });

    it('keeps a live calendar feed address out of both logs', async () => {
      const { url } = await t.services.deadlineFeed.renew(actor);
      const token = url
        .split('/')
        .pop()!
        .replace(/\.ics$/, '');
      const res = await signedIn.get(new URL(url).pathname);
      expect(res.statusCode).toBe(200);
      expect(await leaks(token)).toEqual({ log: [], audit: [] });
    });
  });
}
