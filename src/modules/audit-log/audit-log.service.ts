import type { Executor } from '../../platform/db/index.ts';
import { toFlag, toJson } from '../../platform/db/index.ts';
import { iso, newId, type Actor, type Clock } from '../../platform/kernel/index.ts';
import { createAuditRepository } from './audit-log.repository.ts';

export interface AuditEventInput {
  actor: Actor;
  /** Dotted verb, e.g. `auth.sign-in`, `contract.create`. */
  action: string;
  resource?: { type: string; id: string };
  contractId?: string | null;
  outcome?: 'success' | 'failure' | 'denied';
  /** Before/after of changed fields and other facts. Never secrets or password hashes. */
  details?: Record<string, unknown>;
}

export interface AuditLog {
  /** Writes one event with the caller's transaction, so the event exists exactly when the change does. */
  record(trx: Executor, event: AuditEventInput): Promise<void>;
  listRecent(ex: Executor, filter: { actorId?: string; contractId?: string; action?: string; limit: number }): ReturnType<ReturnType<typeof createAuditRepository>['listRecent']>;
}

const FORBIDDEN_KEYS = /password|secret|token|code_hash|recovery/i;

/** Drops any key that could carry a secret, however deep, so a careless caller cannot leak one. */
function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !FORBIDDEN_KEYS.test(k))
        .map(([k, v]) => [k, scrub(v)]),
    );
  }
  return value;
}

function actorColumns(actor: Actor) {
  switch (actor.type) {
    case 'user':
      return { actor_type: 'user' as const, actor_id: actor.userId, actor_organisation_id: actor.organisationId, privileged: actor.privileged, request: actor.request };
    case 'token':
      return { actor_type: 'token' as const, actor_id: actor.tokenId, actor_organisation_id: null, privileged: false, request: actor.request };
    case 'system':
      return { actor_type: 'system' as const, actor_id: actor.name, actor_organisation_id: null, privileged: false, request: undefined };
    case 'anonymous':
      return { actor_type: 'anonymous' as const, actor_id: null, actor_organisation_id: null, privileged: false, request: actor.request };
  }
}

export function createAuditLog(deps: { clock: Clock }): AuditLog {
  const repo = createAuditRepository();
  return {
    async record(trx, event) {
      const a = actorColumns(event.actor);
      await repo.insert(trx, {
        id: newId(),
        occurred_at: iso(deps.clock.now()),
        actor_type: a.actor_type,
        actor_id: a.actor_id,
        actor_organisation_id: a.actor_organisation_id,
        action: event.action,
        resource_type: event.resource?.type ?? null,
        resource_id: event.resource?.id ?? null,
        contract_id: event.contractId ?? null,
        outcome: event.outcome ?? 'success',
        privileged: toFlag(a.privileged),
        source_address: a.request?.sourceAddress ?? null,
        user_agent: a.request?.userAgent?.slice(0, 512) ?? null,
        request_id: a.request?.requestId ?? null,
        details: toJson(scrub(event.details ?? {})),
      });
    },
    listRecent: (ex, filter) => repo.listRecent(ex, filter),
  };
}
