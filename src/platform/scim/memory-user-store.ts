import { randomUUID } from 'node:crypto';
import type { DirectoryUser, DirectoryUserData } from './directory-user.ts';
import { ScimError } from './scim-errors.ts';
import { matchesScimFilter } from './scim-filter-match.ts';
import type { ScimUserStore } from './scim-store.ts';

/**
 * A ScimUserStore in memory, one directory per tenant: what the protocol tests run against, and
 * the reference behaviour a database-backed store is held to (userName unique per tenant ignoring
 * case, a stable order for pagination, deleted users gone from get and list).
 */
export class MemoryUserStore implements ScimUserStore<{ tenant: string }> {
  private readonly tenants = new Map<string, Map<string, DirectoryUser>>();
  private version = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  private users(tenant: string) {
    let users = this.tenants.get(tenant);
    if (!users) this.tenants.set(tenant, (users = new Map()));
    return users;
  }

  private checkUnique(tenant: string, data: DirectoryUserData, exceptId?: string) {
    for (const u of this.users(tenant).values())
      if (u.id !== exceptId && u.userName.toLowerCase() === data.userName.toLowerCase())
        throw new ScimError(409, `The userName "${data.userName}" is already taken`, 'uniqueness');
  }

  async list({ tenant }: { tenant: string }, query: Parameters<ScimUserStore<unknown>['list']>[1]) {
    const filter = query.filter;
    const all = [...this.users(tenant).values()].filter((u) => !filter || matchesScimFilter(filter, u));
    return { totalResults: all.length, resources: all.slice(query.startIndex - 1, query.startIndex - 1 + query.count) };
  }

  async get({ tenant }: { tenant: string }, id: string) {
    return this.users(tenant).get(id);
  }

  async create({ tenant }: { tenant: string }, data: DirectoryUserData) {
    this.checkUnique(tenant, data);
    const at = this.now().toISOString();
    const user: DirectoryUser = {
      ...data,
      id: randomUUID(),
      meta: { created: at, lastModified: at, version: `v${++this.version}` },
    };
    this.users(tenant).set(user.id, user);
    return user;
  }

  async replace({ tenant }: { tenant: string }, id: string, data: DirectoryUserData) {
    const current = this.users(tenant).get(id);
    if (!current) return undefined;
    this.checkUnique(tenant, data, id);
    const meta = {
      created: current.meta.created,
      lastModified: this.now().toISOString(),
      version: `v${++this.version}`,
    };
    const user: DirectoryUser = { ...data, id, meta };
    this.users(tenant).set(id, user);
    return user;
  }

  async delete({ tenant }: { tenant: string }, id: string) {
    return this.users(tenant).delete(id);
  }
}
