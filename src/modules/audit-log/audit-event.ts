import crypto from 'node:crypto';
import type { AuditEventsTable } from '../../platform/db/index.ts';
import { toFlag, toJson } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/kernel/index.ts';
import { canonicalJson } from './canonical-json.ts';
import { classify, OCSF_VERSION } from './ocsf.ts';

export interface AuditEventInput {
  actor: Actor;
  /** Dotted verb, e.g. `auth.sign-in`, `contract.create`; `http.request` for recorded requests. */
  action: string;
  resource?: { type: string; id: string };
  contractId?: string | null;
  outcome?: 'success' | 'failure' | 'denied';
  /** Before/after of changed fields and other facts. Never secrets or password hashes. */
  details?: Record<string, unknown>;
  /** For recorded requests: the HTTP exchange. */
  http?: { method: string; path: string; status: number };
}

const FORBIDDEN_KEYS = /password|secret|token|code_hash|recovery/i;

/** Drops any key that could carry a secret, however deep, so a careless caller cannot leak one. */
export function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k, v]) => !FORBIDDEN_KEYS.test(k) && v !== undefined).map(([k, v]) => [k, scrub(v)]));
  }
  return value;
}

/** Removes undefined and null members so the canonical form has no optional noise. (Only for the fixed keys below.) */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) if (o[key] !== undefined && o[key] !== null) out[key] = o[key];
  return out;
}

function actorOf(actor: Actor) {
  switch (actor.type) {
    case 'user':
      return { columns: { actor_type: 'user' as const, actor_id: actor.userId, actor_organisation_id: actor.organisationId, privileged: actor.privileged }, request: actor.request, ocsf: { user: { uid: actor.userId, type: actor.privileged ? 'Admin' : 'User', type_id: actor.privileged ? 2 : 1, org: { uid: actor.organisationId } } } };
    case 'token':
      return { columns: { actor_type: 'token' as const, actor_id: actor.tokenId, actor_organisation_id: null, privileged: false }, request: actor.request, ocsf: { user: { uid: actor.tokenId, type: 'API token', type_id: 99 }, authorizations: [{ decision: actor.role, policy: { uid: actor.contractId, name: 'contract role' } }] } };
    case 'system':
      return { columns: { actor_type: 'system' as const, actor_id: `system:${actor.name}`, actor_organisation_id: null, privileged: false }, request: undefined, ocsf: { app_name: `custodian:${actor.name}` } };
    case 'anonymous':
      return { columns: { actor_type: 'anonymous' as const, actor_id: null, actor_organisation_id: null, privileged: false }, request: actor.request, ocsf: { user: { type: 'Unknown', type_id: 0 } } };
  }
}

/**
 * SHA-256(0x00 ‖ canonical event): the RFC 6962 leaf hash, in hex. One-shot crypto.hash of the
 * string (UTF-8, and U+0000 is the byte 0x00) costs about half of createHash().update().digest().
 */
export const leafHashHex = (canonical: string): string => crypto.hash('sha256', '\u0000' + canonical, 'hex');

/**
 * Builds the stored row for leaf `seq`: the OCSF event in RFC 8785 canonical form (the bytes the
 * leaf hash covers, including its own index so rows cannot be swapped) plus indexed copies.
 */
export function buildAuditRow(input: AuditEventInput, seq: number, id: string, occurredAt: string): AuditEventsTable {
  const outcome = input.outcome ?? 'success';
  const a = actorOf(input.actor);
  const cls = classify(input.action, outcome, input.http?.method);
  const details = scrub(input.details ?? {}) as Record<string, unknown>;
  const request = a.request;
  const event = compact({
    metadata: { version: OCSF_VERSION, uid: id, sequence: seq, log_name: 'custodian-audit', product: { name: 'Custodian', vendor_name: 'Custodian' } },
    time: Date.parse(occurredAt),
    time_dt: occurredAt,
    ...cls,
    status_id: outcome === 'success' ? 1 : 2,
    status: outcome === 'success' ? 'Success' : 'Failure',
    status_detail: outcome === 'denied' ? 'denied' : undefined,
    actor: a.ocsf,
    src_endpoint: request?.sourceAddress ? { ip: request.sourceAddress } : undefined,
    http_request: input.http || request?.userAgent ? compact({ user_agent: request?.userAgent?.slice(0, 512), http_method: input.http?.method, url: input.http ? { path: input.http.path } : undefined }) : undefined,
    api: compact({ operation: input.action, request: request?.requestId ? { uid: request.requestId } : undefined, response: input.http ? { code: input.http.status } : undefined }),
    unmapped: { custodian: compact({ action: input.action, outcome, privileged: a.columns.privileged, contract_id: input.contractId ?? undefined, resource: input.resource, details }) },
  });
  const canonical = canonicalJson(event);
  if (canonical === undefined) throw new Error('audit event could not be canonicalised');
  return {
    seq, id, occurred_at: occurredAt,
    class_uid: cls.class_uid, activity_id: cls.activity_id, severity_id: cls.severity_id,
    ...a.columns, privileged: toFlag(a.columns.privileged),
    action: input.action, resource_type: input.resource?.type ?? null, resource_id: input.resource?.id ?? null, contract_id: input.contractId ?? null,
    outcome, source_address: request?.sourceAddress?.slice(0, 64) ?? null, user_agent: request?.userAgent?.slice(0, 512) ?? null, request_id: request?.requestId ?? null,
    details: toJson(details), event: canonical, leaf_hash: leafHashHex(canonical),
  };
}
