import { expect } from 'vitest';
import { entra, okta } from '../../src/platform/scim/provider-requests.fixtures.ts';
import type { Send } from './scim-test-app.ts';

const BASE = '/api/scim/v2';
type User = {
  id: string;
  active: boolean;
  userName: string;
  emails?: { value: string }[];
  name?: Record<string, string>;
};
type List = { totalResults: number; Resources: User[] };

/** Entra ID's documented lifecycle: create, find by userName and by work email, update, disable, delete. */
export async function entraSequence(send: Send) {
  const created = await send('POST', `${BASE}/Users`, entra.createUser);
  expect(created.status).toBe(201);
  expect(created.headers['content-type']).toMatch(/^application\/scim\+json/);
  const user = created.body as User;
  expect(created.headers.location).toBe(`https://custodian.example${BASE}/Users/${user.id}`);

  const byName = await send('GET', `${BASE}/Users?filter=${encodeURIComponent(entra.filterByUserName)}`);
  expect(byName.status).toBe(200);
  expect((byName.body as List).totalResults).toBe(1);
  expect((byName.body as List).Resources[0]!.id).toBe(user.id);
  const byEmail = await send('GET', `${BASE}/Users?filter=${encodeURIComponent(entra.filterByWorkEmail)}`);
  expect((byEmail.body as List).Resources.map((u) => u.id)).toEqual([user.id]);

  const updated = await send('PATCH', `${BASE}/Users/${user.id}`, entra.updateMultiValued);
  expect(updated.status).toBe(200);
  expect((updated.body as User).emails).toEqual([{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }]);

  const disabled = await send('PATCH', `${BASE}/Users/${user.id}`, entra.disableUserStringBoolean);
  expect(disabled.status).toBe(200);
  expect((disabled.body as User).active).toBe(false);
  const fetched = await send('GET', `${BASE}/Users/${user.id}`);
  expect(fetched.status).toBe(200);
  expect((fetched.body as User).active).toBe(false);

  expect((await send('DELETE', `${BASE}/Users/${user.id}`)).status).toBe(204);
  const gone = await send('GET', `${BASE}/Users/${user.id}`);
  expect(gone.status).toBe(404);
  expect(gone.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
  return user.id;
}

/** Okta's documented lifecycle: look for the user, create, PUT an update, deactivate by PATCH. */
export async function oktaSequence(send: Send) {
  const absent = await send('GET', `${BASE}/Users?${okta.existsQuery}`);
  expect(absent.status).toBe(200);
  expect(absent.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });

  const created = await send('POST', `${BASE}/Users`, okta.createUser, { 'content-type': 'application/json' });
  expect(created.status).toBe(201);
  const user = created.body as User;
  expect(JSON.stringify(user)).not.toContain('1mz050nq');
  const found = await send('GET', `${BASE}/Users?${okta.existsQuery}`);
  expect((found.body as List).Resources.map((u) => u.id)).toEqual([user.id]);

  const replaced = await send('PUT', `${BASE}/Users/${user.id}`, okta.replaceUser(user.id));
  expect(replaced.status).toBe(200);
  expect((replaced.body as User).name).toEqual({ givenName: 'Another', familyName: 'User' });

  const deactivated = await send('PATCH', `${BASE}/Users/${user.id}`, okta.deactivate);
  expect(deactivated.status).toBe(200);
  expect((deactivated.body as User).active).toBe(false);
  expect(((await send('GET', `${BASE}/Users/${user.id}`)).body as User).active).toBe(false);
  const imported = await send('GET', `${BASE}/Users?${okta.importQuery}`);
  expect((imported.body as List).Resources.find((u) => u.id === user.id)?.active).toBe(false);
  return user.id;
}
