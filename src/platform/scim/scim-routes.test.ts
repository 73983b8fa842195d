import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entraSequence, oktaSequence } from '../../../test/support/scim-provider-sequences.ts';
import { injector, scimTestApp, TOKENS, type Send } from '../../../test/support/scim-test-app.ts';
import { MemoryUserStore } from './memory-user-store.ts';
import { entra, okta } from './provider-requests.fixtures.ts';

const BASE = '/api/scim/v2';

/** An RFC 7644 §3.12 error, in the SCIM media type: never Fastify's or Custodian's own error body. */
function expectScimError(res: Awaited<ReturnType<Send>>, status: number, scimType?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(res.body).toEqual({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail: expect.any(String),
  });
  return (res.body as { detail: string }).detail;
}

describe('SCIM routes over app.inject, with an in-memory store', () => {
  let app: FastifyInstance;
  let send: Send;
  beforeAll(async () => {
    ({ app } = await scimTestApp({ bodyLimit: 8 * 1024 }));
    send = injector(app);
  });
  afterAll(() => app.close());

  it('serves the Entra ID lifecycle as Microsoft documents it', async () => {
    await entraSequence(send);
  });

  it('serves the Okta lifecycle as Okta documents it', async () => {
    await oktaSequence(send);
  });

  it('pages through a list (1-based), caps count, and keeps each tenant to itself', async () => {
    const { app: paged } = await scimTestApp();
    const a = injector(paged);
    for (const n of [1, 2, 3])
      expect((await a('POST', `${BASE}/Users`, { ...okta.createUser, userName: `p${n}@example.com` })).status).toBe(
        201,
      );
    const page = async (q: string) =>
      (await a('GET', `${BASE}/Users?${q}`)).body as Record<string, unknown> & { Resources: { userName: string }[] };
    expect(await page('startIndex=2&count=1')).toMatchObject({
      totalResults: 3,
      startIndex: 2,
      itemsPerPage: 1,
      Resources: [{ userName: 'p2@example.com' }],
    });
    expect(await page('startIndex=0&count=-5')).toMatchObject({
      totalResults: 3,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
    expect((await page('count=100000')).itemsPerPage).toBe(3);
    expectScimError(await a('GET', `${BASE}/Users?count=ten`), 400, 'invalidValue');
    // Another tenant's token sees none of them, and cannot reach one by its id.
    const b = injector(paged, TOKENS.tenantB);
    expect(((await b('GET', `${BASE}/Users`)).body as { totalResults: number }).totalResults).toBe(0);
    const id = (await page('count=1')).Resources[0] as unknown as { id: string };
    expectScimError(await b('GET', `${BASE}/Users/${id.id}`), 404);
    await paged.close();
  });

  it('answers every failure in the SCIM error format with the right status', async () => {
    const created = await send('POST', `${BASE}/Users`, { ...entra.createUser, userName: 'clash@example.com' });
    const id = (created.body as { id: string }).id;
    expectScimError(await injector(app, 'nonsense')('GET', `${BASE}/Users`), 401);
    expect((await injector(app, 'nonsense')('GET', `${BASE}/Users`)).headers['www-authenticate']).toMatch(/^Bearer/);
    expectScimError(await injector(app, TOKENS.outOfScope)('GET', `${BASE}/Users`), 403);
    expect(
      expectScimError(
        await send('POST', `${BASE}/Users`, { ...entra.createUser, userName: 'CLASH@example.com' }),
        409,
        'uniqueness',
      ),
    ).toMatch(/already taken/);
    expectScimError(await send('POST', `${BASE}/Users`, '{"schemas": [', {}), 400, 'invalidSyntax');
    expectScimError(await send('POST', `${BASE}/Users`, '', {}), 400, 'invalidSyntax');
    expectScimError(
      await send('POST', `${BASE}/Users`, 'userName=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
    );
    expectScimError(await send('POST', `${BASE}/Users`, 'hello', { 'content-type': 'text/plain' }), 415);
    expectScimError(await send('POST', `${BASE}/Users`, { ...entra.createUser, displayName: 'x'.repeat(9000) }), 413);
    expectScimError(await send('POST', `${BASE}/Users`, { schemas: entra.createUser.schemas }), 400, 'invalidValue');
    expectScimError(await send('GET', `${BASE}/Users/0190a0a0-0000-7000-8000-00000000ffff`), 404);
    expectScimError(await send('GET', `${BASE}/Users/not-an-id`), 404);
    expectScimError(await send('PATCH', `${BASE}/Users/0190a0a0-0000-7000-8000-00000000ffff`, entra.disableUser), 404);
    expectScimError(
      await send('PUT', `${BASE}/Users/0190a0a0-0000-7000-8000-00000000ffff`, okta.replaceUser('x')),
      404,
    );
    expectScimError(await send('DELETE', `${BASE}/Users/0190a0a0-0000-7000-8000-00000000ffff`), 404);
    expectScimError(
      await send('GET', `${BASE}/Users?filter=${encodeURIComponent('nickName eq "x"')}`),
      400,
      'invalidFilter',
    );
    expectScimError(
      await send('PATCH', `${BASE}/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'remove' }],
      }),
      400,
      'noTarget',
    );
    expectScimError(
      await send('PATCH', `${BASE}/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'x', value: 1 }],
      }),
      400,
      'invalidPath',
    );
    expectScimError(await send('GET', `${BASE}/Groups`), 404);
    expectScimError(await send('GET', `${BASE}/Users/%E0%A4%A`), 400, 'invalidSyntax');
    const notAllowed = await send('DELETE', `${BASE}/Users`);
    expectScimError(notAllowed, 405);
    expect(notAllowed.headers.allow).toBe('GET, POST');
    expectScimError(await send('GET', `${BASE}/Schemas?filter=${encodeURIComponent('id pr')}`), 403);
    // The failed requests changed nothing.
    expect(((await send('GET', `${BASE}/Users/${id}`)).body as { active: boolean }).active).toBe(true);
  });

  it('answers a store failure with a SCIM 500 that shows no internals', async () => {
    const store = new MemoryUserStore();
    store.list = async () => {
      throw new Error('connection refused: db.internal:5432');
    };
    const { app: failing } = await scimTestApp({ store });
    const detail = expectScimError(await injector(failing)('GET', `${BASE}/Users`), 500);
    expect(detail).not.toMatch(/db\.internal/);
    await failing.close();
  });

  it('serves the discovery endpoints', async () => {
    const config = await send('GET', `${BASE}/ServiceProviderConfig`);
    expect(config.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 100 },
      bulk: { supported: false },
    });
    const types = (await send('GET', `${BASE}/ResourceTypes`)).body as {
      Resources: { id: string; endpoint: string }[];
    };
    expect(types.Resources.map((t) => [t.id, t.endpoint])).toEqual([['User', '/Users']]);
    expect((await send('GET', `${BASE}/ResourceTypes/User`)).status).toBe(200);
    const schemas = (await send('GET', `${BASE}/Schemas`)).body as { Resources: { id: string }[] };
    expect(schemas.Resources.map((s) => s.id)).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ]);
    expect(
      (await send('GET', `${BASE}/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`)).status,
    ).toBe(200);
    expectScimError(await send('GET', `${BASE}/Schemas/urn:example:nothing`), 404);
  });
});

describe('SCIM attribute projection (RFC 7644 §3.4.2.5, §3.9)', () => {
  it('returns only the attributes asked for, or all but the excluded ones; id and schemas always', async () => {
    const { app } = await scimTestApp();
    const send = injector(app);
    const body = {
      ...entra.createUser,
      userName: 'projected@example.com',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '42', department: 'IT' },
    };
    const created = await send('POST', `${BASE}/Users?attributes=userName,emails.value`, body);
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(created.body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id,
      userName: 'projected@example.com',
      emails: [{ value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com' }],
    });
    const ext = await send(
      'GET',
      `${BASE}/Users/${id}?attributes=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`,
    );
    expect(ext.body).toEqual({
      schemas: [
        'urn:ietf:params:scim:schemas:core:2.0:User',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      ],
      id,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '42' },
    });
    const listed = await send(
      'GET',
      `${BASE}/Users?excludedAttributes=name,meta,emails,id,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`,
    );
    expect((listed.body as { Resources: unknown[] }).Resources).toEqual([
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        id,
        externalId: entra.createUser.externalId,
        userName: 'projected@example.com',
        active: true,
      },
    ]);
    // A malformed list is refused before the change is made.
    expectScimError(
      await send('PATCH', `${BASE}/Users/${id}?attributes=no%20such`, entra.disableUser),
      400,
      'invalidValue',
    );
    expect(((await send('GET', `${BASE}/Users/${id}`)).body as { active: boolean }).active).toBe(true);
    await app.close();
  });
});

describe('SCIM errors from a store', () => {
  it('keeps a Custodian DomainError’s status and message: a 409 is uniqueness, a 422 invalidValue, a 503 a 503', async () => {
    const { ConflictError, ValidationError, DomainError } = await import('../kernel/index.ts');
    class Unavailable extends DomainError {
      readonly status = 503;
    }
    const store = new MemoryUserStore();
    const { app } = await scimTestApp({ store });
    const send = injector(app);
    store.create = async () => {
      throw new ConflictError('taken', 'That person is already on the register');
    };
    expect(expectScimError(await send('POST', `${BASE}/Users`, okta.createUser), 409, 'uniqueness')).toBe(
      'That person is already on the register',
    );
    store.create = async () => {
      throw new ValidationError({ email: 'Enter a work email address' });
    };
    expect(expectScimError(await send('POST', `${BASE}/Users`, okta.createUser), 400, 'invalidValue')).toMatch(
      /Enter a work email address/,
    );
    store.list = async () => {
      throw new Unavailable('audit_unavailable', 'Try again in a minute.');
    };
    expect(expectScimError(await send('GET', `${BASE}/Users`), 503)).toMatch(/^Try again in a minute\./);
    await app.close();
  });
});
