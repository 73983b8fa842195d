import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { parse } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  responses: Record<string, unknown>;
  parameters?: { name: string; in: string }[];
};
type Document = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
  security: unknown[];
};

/** `/api/v1/users/:userId` → `/api/v1/users/{userId}`, as OpenAPI writes paths. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

for (const dialect of await dialectsUnderTest()) {
  describe(`OpenAPI document and reference page (${dialect})`, () => {
    let t: TestApp;
    let doc: Document;
    let apiRoutes: { method: string; url: string }[];
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      doc = res.json();
      apiRoutes = t.app.routeCatalogue.filter((r) => r.url.startsWith('/api/v1/'));
    });
    afterAll(async () => t?.close());

    it('is OpenAPI 3.1 with bearer authentication', () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info.title).toBe('Custodian API');
      expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.security).toEqual([{ bearer: [] }]);
    });

    it('lists every /api/v1 route, documented, and nothing else', () => {
      expect(apiRoutes.length).toBeGreaterThanOrEqual(8);
      for (const route of apiRoutes) {
        const op = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
        expect(op, `${route.method} ${route.url}`).toBeDefined();
        expect(op!.summary).toBeTruthy();
        expect(op!.description).toBeTruthy();
        expect(op!.tags?.length).toBeGreaterThan(0);
        const success = { GET: '200', POST: '201', DELETE: '204' }[route.method] ?? '200';
        expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining([success, '401', '403']));
        for (const name of route.url.match(/:([A-Za-z0-9_]+)/g) ?? []) {
          expect(op!.parameters?.find((p) => p.name === name.slice(1))?.in).toBe('path');
          expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['404', '422']));
        }
      }
      const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
      );
      expect(documented.sort()).toEqual(apiRoutes.map((r) => `${r.method} ${openApiPath(r.url)}`).sort());
    });

    it('describes the response fields from the zod outputs', () => {
      const ok = doc.paths['/api/v1/users/{userId}']!.get!.responses['200'] as {
        content: Record<string, { schema: { properties: { data: { properties: Record<string, unknown> } } } }>;
      };
      const fields = Object.keys(ok.content['application/json']!.schema.properties.data.properties);
      expect(fields).toEqual(expect.arrayContaining(['id', 'email', 'displayName', 'organisationId']));
      expect(JSON.stringify(doc)).not.toMatch(/password|token_hash/i);
    });

    it('renders a readable reference page with every operation, without outside scripts', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      const $ = parse(res.body);
      expect($('h1')).toHaveLength(1);
      expect(res.body).toContain('Authorization: Bearer');
      for (const route of apiRoutes)
        expect(res.body).toContain(`<code>${route.method} ${openApiPath(route.url)}</code>`);
      for (const op of Object.values(doc.paths).flatMap((item) => Object.values(item)))
        expect(res.body).toContain(op.summary!);
      expect(res.body).toContain('data[].displayName');
      const outside = $('script[src]')
        .toArray()
        .map((el) => $(el).attr('src')!)
        .filter((src) => /^(https?:)?\/\//.test(src));
      expect(outside).toEqual([]);
    });
  });
}
