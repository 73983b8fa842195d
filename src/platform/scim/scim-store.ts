import type { DirectoryUser, DirectoryUserData } from './directory-user.ts';
import type { ScimFilter } from './scim-filter.ts';

/** One page of a query: RFC 7644 §3.4.2.4 pagination, 1-based. */
export interface ScimUserQuery {
  /** Absent: every user. */
  filter?: ScimFilter | undefined;
  /** 1-based index of the first result (at least 1). */
  startIndex: number;
  /** Most results to return (0 asks only for the total). */
  count: number;
}

export interface ScimUserPage {
  /** Every match, not only this page's. */
  totalResults: number;
  /** At most `count` users, from `startIndex`, in an order that does not change between pages. */
  resources: DirectoryUser[];
}

/**
 * The port a directory (a staff register) implements to be fed over SCIM. `caller` is what
 * the routes' `authenticate` returned for the request: it names the tenant (the contract) and the
 * actor to audit, so every method works inside that tenant only. The routes parse, validate and
 * apply PATCH operations; the store only reads and writes whole users.
 *
 * Errors: throw a `ScimError` or a Custodian DomainError (it carries `status`). A userName already
 * taken is a 409 (sent as `scimType: "uniqueness"`); validation failures (400/422) are sent as
 * `invalidValue`; any other DomainError keeps its status and message (a 503 included); anything
 * else is a 500 that shows no internals.
 */
export interface ScimUserStore<Caller> {
  list(caller: Caller, query: ScimUserQuery): Promise<ScimUserPage>;
  /** Undefined when the tenant has no such user (or it was deleted over SCIM: RFC 7644 §3.6). */
  get(caller: Caller, id: string): Promise<DirectoryUser | undefined>;
  /** POST: a new user, with a new id and `meta` chosen by the store. */
  create(caller: Caller, user: DirectoryUserData): Promise<DirectoryUser>;
  /**
   * PUT, and PATCH once its operations are applied: the user's whole new state (absent attributes
   * are unassigned). `active` turning false is how Entra ID and Okta deprovision a person. Undefined
   * when there is no such user.
   */
  replace(caller: Caller, id: string, user: DirectoryUserData): Promise<DirectoryUser | undefined>;
  /** DELETE: false when there is no such user. Afterwards `get` and `list` no longer return it. */
  delete(caller: Caller, id: string): Promise<boolean>;
}
