import type { OrganisationKind } from './roles.ts';

export interface SignedInUser {
  id: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  email: string;
  displayName: string;
  isSystemAdmin: boolean;
}

/** Who made a request, as the authorisation layer sees it. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'pending'; sessionId: string; stage: 'mfa-enrol' | 'mfa-verify'; user: SignedInUser }
  | { kind: 'user'; sessionId: string; user: SignedInUser }
  | { kind: 'token'; tokenId: string; contractId: string; role: string };

/** What the composition root supplies so the platform can authenticate without knowing the modules. */
export interface AccessResolver {
  /** Resolves a session cookie value; refreshes its idle timer. Undefined when absent, expired or ended. */
  session(
    cookieValue: string,
    request: { sourceAddress: string },
  ): Promise<Exclude<Principal, { kind: 'anonymous' | 'token' }> | undefined>;
  /** Resolves an API bearer token; undefined when unknown, expired or revoked. */
  bearer(token: string): Promise<Extract<Principal, { kind: 'token' }> | undefined>;
  /** The contract roles a user holds on a contract. */
  rolesOn(userId: string, contractId: string): Promise<string[]>;
}
