import type { FastifyRequest } from 'fastify';
import { actorOf } from '../auth/index.ts';
import type { Actor } from '../kernel/index.ts';
import { ScimError } from './scim-errors.ts';

/** The caller of a SCIM request made with a Custodian API token: its contract, and the actor to audit. */
export interface ScimTokenCaller {
  contractId: string;
  actor: Extract<Actor, { type: 'token' }>;
}

/**
 * `authenticate` for Custodian's SCIM routes. The authorize plugin has already resolved the bearer
 * token and checked the route's permission against the token's role; this takes the contract the
 * token is scoped to. Anything but a token (a session never reaches /api/) is refused with a 401.
 */
export function scimTokenCaller(request: FastifyRequest): ScimTokenCaller {
  const actor = actorOf(request);
  const contractId = request.access?.contractId;
  if (actor.type !== 'token') throw new ScimError(401, 'Send a Custodian API token as "Authorization: Bearer <token>"');
  if (!contractId || contractId !== actor.contractId)
    throw new ScimError(403, 'The token is not scoped to this contract');
  return { contractId, actor };
}
