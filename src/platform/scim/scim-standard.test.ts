import { describe, expect, it } from 'vitest';
import { entraSequence, oktaSequence } from '../../../test/support/scim-provider-sequences.ts';
import { scimViolations } from '../../../test/support/scim-standard.ts';
import { injector, scimTestApp, TOKENS, type Send } from '../../../test/support/scim-test-app.ts';
import { entra } from './provider-requests.fixtures.ts';

const BASE = '/api/scim/v2';
type Exchange = { method: string; path: string; status: number; body: unknown };

/** The kind of document a response must be, by where it came from. */
function violationsOf(x: Exchange): string[] {
  const body = x.body as { Resources?: unknown[] } | undefined;
  if (x.status === 204) return body === undefined ? [] : ['a 204 has a body'];
  if (x.status >= 400) return scimViolations('Error', body);
  const path = x.path.split('?')[0]!.slice(BASE.length);
  if (path === '/ServiceProviderConfig') return scimViolations('ServiceProviderConfig', body);
  const kind = path.startsWith('/Schemas') ? 'Schema' : path.startsWith('/ResourceTypes') ? 'ResourceType' : 'User';
  if (x.method === 'GET' && /^\/(Users|Schemas|ResourceTypes)$/.test(path))
    return [
      ...scimViolations('ListResponse', body),
      ...(body?.Resources ?? []).flatMap((r) => scimViolations(kind, r)),
    ];
  return scimViolations(kind, body);
}

describe('what the SCIM routes emit conforms to RFC 7643 and RFC 7644 (checked against the RFCs’ own definitions)', () => {
  it('every response of the provider sequences, the discovery endpoints and the refusals', async () => {
    const { app } = await scimTestApp();
    const seen: Exchange[] = [];
    const recording =
      (send: Send): Send =>
      async (method, path, body, headers) => {
        const res = await send(method, path, body, headers);
        seen.push({ method, path, status: res.status, body: res.body });
        return res;
      };
    const send = recording(injector(app));
    await entraSequence(send);
    const oktaId = await oktaSequence(send);
    const full = await send('POST', `${BASE}/Users`, {
      ...entra.createUser,
      userName: 'full@example.com',
      displayName: 'Full Person',
      title: 'Administrator',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
        employeeNumber: '7',
        organization: 'Acme Subcontracting Ltd',
        department: 'IT',
        manager: { value: oktaId },
      },
    });
    expect(full.status).toBe(201);
    await send('GET', `${BASE}/Users?count=50`);
    await send(
      'GET',
      `${BASE}/Users?attributes=userName,emails.value,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`,
    );
    for (const path of [
      '/ServiceProviderConfig',
      '/ResourceTypes',
      '/ResourceTypes/User',
      '/Schemas',
      `/Schemas/urn:ietf:params:scim:schemas:core:2.0:User`,
    ])
      expect((await send('GET', `${BASE}${path}`)).status).toBe(200);
    await send('GET', `${BASE}/Users?filter=bad`);
    await send('POST', `${BASE}/Users`, { ...entra.createUser, userName: 'full@example.com' });
    await send('PATCH', `${BASE}/Users/${oktaId}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'remove', path: 'id' }],
    });
    await send('GET', `${BASE}/Nothing`);
    await recording(injector(app, TOKENS.outOfScope))('GET', `${BASE}/Users`);
    await recording(injector(app, 'unknown'))('GET', `${BASE}/Users`);

    expect(seen.length).toBeGreaterThan(25);
    expect(new Set(seen.map((x) => x.status))).toEqual(new Set([200, 201, 204, 400, 401, 403, 404, 409]));
    expect(seen.flatMap((x) => violationsOf(x).map((v) => `${x.method} ${x.path} → ${x.status}: ${v}`))).toEqual([]);
    await app.close();
  });

  it('the validators are not vacuous: they refuse documents that break the RFCs', () => {
    const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'x', userName: 'a' };
    expect(scimViolations('User', user)).toEqual([]);
    expect(scimViolations('User', { ...user, password: 'secret' })).not.toEqual([]);
    expect(scimViolations('User', { ...user, userName: undefined })).not.toEqual([]);
    expect(scimViolations('User', { ...user, emails: { value: 'a@b' } })).not.toEqual([]);
    expect(scimViolations('User', { ...user, favouriteColour: 'blue' })).not.toEqual([]);
    expect(scimViolations('User', { ...user, meta: { created: 'yesterday' } })).not.toEqual([]);
    expect(
      scimViolations('User', {
        ...user,
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'IT' },
      }),
    ).not.toEqual([]);
    const error = { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' };
    expect(scimViolations('Error', error)).toEqual([]);
    expect(scimViolations('Error', { ...error, status: 404 })).not.toEqual([]);
    expect(scimViolations('Error', { ...error, scimType: 'notAType' })).not.toEqual([]);
    expect(
      scimViolations('ListResponse', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: '1',
      }),
    ).not.toEqual([]);
    expect(
      scimViolations('ServiceProviderConfig', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      }),
    ).not.toEqual([]);
  });
});
