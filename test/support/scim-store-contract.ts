import { describe, expect, it } from 'vitest';
import {
  matchesScimFilter,
  parseScimFilter,
  type DirectoryUser,
  type DirectoryUserData,
  type ScimUserStore,
} from '../../src/platform/scim/index.ts';

/** What a store under test needs: a fresh store, and callers for two tenants (two contracts). */
export interface StoreUnderTest<Caller> {
  store: ScimUserStore<Caller>;
  tenant: Caller;
  otherTenant: Caller;
}

const person = (n: number, over: Partial<DirectoryUserData> = {}): DirectoryUserData => ({
  userName: `Person.${n}@Agency.example`,
  externalId: `ext-${n}`,
  displayName: `Person ${n}`,
  givenName: n % 2 ? 'Ada' : 'Grace',
  familyName: `Surname${n}`,
  email: `person.${n}@agency.example`,
  title: n % 3 ? 'Engineer' : 'Administrator',
  active: n % 4 !== 0,
  employeeNumber: String(1000 + n),
  organization: n % 2 ? 'The Agency Ltd' : 'Subcontractor plc',
  ...over,
});

// Filters Entra ID and Okta send, and the rest of the grammar a store must evaluate as RFC 7644 does.
const FILTERS = [
  'userName eq "person.3@agency.example"',
  'externalId eq "ext-5"',
  'externalId eq "EXT-5"',
  'emails[type eq "work"].value eq "PERSON.7@agency.example"',
  'emails[type eq "home"].value eq "person.7@agency.example"',
  'active eq false',
  'not (active eq true) or title eq "administrator"',
  'name.givenName eq "ada" and title co "eng"',
  'displayName sw "person 1"',
  'userName ew ".example" and employeeNumber ge "1005"',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization eq "subcontractor plc"',
  'title pr and not (title eq null)',
  'department pr',
  'meta.created le "2999-01-01T00:00:00Z"',
];

/**
 * The behaviour every ScimUserStore owes the SCIM routes, as tests: run it against a database-backed
 * store on both dialects. Filters are checked against `matchesScimFilter`, the reference evaluator,
 * on the same users, so a SQL translation cannot drift from RFC 7644's semantics unnoticed.
 */
export function describeScimUserStore<Caller>(name: string, make: () => Promise<StoreUnderTest<Caller>>) {
  describe(`${name} as a ScimUserStore`, () => {
    it('creates, reads, replaces and deletes, each user within its tenant', async () => {
      const { store, tenant, otherTenant } = await make();
      const created = await store.create(tenant, person(1));
      expect(created).toMatchObject({ ...person(1), id: expect.any(String) });
      expect(Date.parse(created.meta.created)).not.toBeNaN();
      expect(await store.get(tenant, created.id)).toEqual(created);
      expect(await store.get(otherTenant, created.id)).toBeUndefined();
      const replaced = await store.replace(tenant, created.id, { ...person(1), title: undefined, active: false });
      expect(replaced).toMatchObject({ id: created.id, active: false, title: undefined });
      expect(replaced!.meta.version).not.toBe(created.meta.version);
      expect(replaced!.meta.created).toBe(created.meta.created);
      expect(await store.replace(otherTenant, created.id, person(1))).toBeUndefined();
      expect(await store.delete(otherTenant, created.id)).toBe(false);
      expect(await store.delete(tenant, created.id)).toBe(true);
      expect(await store.get(tenant, created.id)).toBeUndefined();
      expect((await store.list(tenant, { startIndex: 1, count: 10 })).totalResults).toBe(0);
      expect(await store.delete(tenant, created.id)).toBe(false);
    });

    it('keeps userName unique in a tenant, ignoring case, with a 409', async () => {
      const { store, tenant, otherTenant } = await make();
      const first = await store.create(tenant, person(1));
      const clash = person(1, { userName: person(1).userName.toUpperCase() });
      await expect(store.create(tenant, clash)).rejects.toMatchObject({ status: 409 });
      const second = await store.create(tenant, person(2));
      await expect(store.replace(tenant, second.id, clash)).rejects.toMatchObject({ status: 409 });
      // Another contract may hold the same person.
      await expect(store.create(otherTenant, person(1))).resolves.toMatchObject({ userName: first.userName });
    });

    it('pages in a stable order and evaluates filters as RFC 7644 does', async () => {
      const { store, tenant, otherTenant } = await make();
      const users: DirectoryUser[] = [];
      for (let n = 1; n <= 12; n++)
        users.push(await store.create(tenant, person(n, n === 6 ? { department: 'IT' } : {})));
      await store.create(otherTenant, person(3));
      const pages = [];
      for (let start = 1; start <= 12; start += 5)
        pages.push(await store.list(tenant, { startIndex: start, count: 5 }));
      expect(pages.map((p) => p.totalResults)).toEqual([12, 12, 12]);
      const ids = pages.flatMap((p) => p.resources.map((u) => u.id));
      expect(new Set(ids)).toEqual(new Set(users.map((u) => u.id)));
      expect(ids).toEqual((await store.list(tenant, { startIndex: 1, count: 12 })).resources.map((u) => u.id));
      expect((await store.list(tenant, { startIndex: 1, count: 0 })).resources).toEqual([]);
      const sizes = new Set<number>();
      for (const text of FILTERS) {
        const filter = parseScimFilter(text);
        const expected = users.filter((u) => matchesScimFilter(filter, u)).map((u) => u.id);
        sizes.add(expected.length);
        const got = await store.list(tenant, { filter, startIndex: 1, count: 100 });
        expect(got.resources.map((u) => u.id).sort(), text).toEqual(expected.sort());
        expect(got.totalResults, text).toBe(expected.length);
      }
      // The filters tell users apart: none, one, some and all of them match one filter or another.
      expect([0, 1, 12].every((n) => sizes.has(n)) && [...sizes].some((n) => n > 1 && n < 12)).toBe(true);
    });
  });
}
