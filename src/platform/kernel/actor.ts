/**
 * Who is doing something. Every state-changing service method takes one, and the audit event
 * written in the same transaction names it.
 */
export type Actor =
  | {
      type: 'user';
      userId: string;
      organisationId: string;
      /** Acting through system-admin (clause B8.1.2). */ privileged: boolean;
      request?: RequestContext;
    }
  | { type: 'token'; tokenId: string; contractId: string; role: string; request?: RequestContext }
  | {
      type: 'system';
      name: string;
      /** The outside request that made the job act, when one did (a calendar feed's fetch). */
      request?: RequestContext;
    }
  | { type: 'anonymous'; request?: RequestContext };

/** Where a request came from, carried into audit events. */
export interface RequestContext {
  requestId: string;
  sourceAddress: string;
  userAgent: string | undefined;
}

export const systemActor = (name: string): Actor => ({ type: 'system', name });

/** How an actor is written in `created_by`-style columns: a user or token id, `system:<name>`, or `anonymous`. */
export const actorId = (a: Actor): string =>
  a.type === 'user'
    ? a.userId
    : a.type === 'token'
      ? a.tokenId
      : a.type === 'system'
        ? `system:${a.name}`
        : 'anonymous';
