import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entraSequence, oktaSequence } from '../../../test/support/scim-provider-sequences.ts';
import { scimTestApp, TOKENS, type Send } from '../../../test/support/scim-test-app.ts';

/**
 * The provider sequences over a real socket (127.0.0.1, port 0), so HTTP framing, Content-Length,
 * media types and keep-alive are what a provider's client meets, not what app.inject simulates.
 */
describe('SCIM routes over a real socket', () => {
  let app: FastifyInstance;
  let origin: string;
  beforeAll(async () => {
    ({ app } = await scimTestApp());
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    origin = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => app.close());

  const send: Send = async (method, path, body, headers = {}) => {
    const res = await fetch(`${origin}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKENS.tenantA}`,
        accept: 'application/scim+json',
        ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers),
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  };

  it('serves the Entra ID sequence: create, filter by userName, PATCH active "False", GET shows it', async () => {
    await entraSequence(send);
  });

  it('serves the Okta sequence: filter, create, PUT, PATCH active false without a path, GET shows it', async () => {
    await oktaSequence(send);
  });

  it('refuses a request without a token in the SCIM error format, on the wire too', async () => {
    const res = await fetch(`${origin}/api/scim/v2/Users`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(await res.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
  });
});
