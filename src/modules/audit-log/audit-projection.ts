import canonicalize from 'canonicalize';
import type { AuditEventIndexTable, AuditEventsTable } from './audit-log.tables.ts';

/** The columns stored beside an event for readers and filters: everything but the event and its hashes. */
export type AuditProjection = Omit<AuditEventsTable, 'seq' | 'event' | 'leaf_hash'>;
/** The columns of an event's read-index row (audit_event_index), beside its contract and seq. */
export const INDEX_PROJECTION = [
  'occurred_at',
  'actor_type',
  'actor_id',
  'action',
  'outcome',
  'resource_type',
  'resource_id',
  'privileged',
] as const satisfies readonly (keyof AuditEventIndexTable & keyof AuditProjection)[];

// The members of a stored event that the projection reads (docs/audit-log.md § Events).
interface SignedEvent {
  metadata?: { uid?: unknown };
  time?: unknown;
  time_dt?: unknown;
  class_uid?: unknown;
  activity_id?: unknown;
  severity_id?: unknown;
  actor?: { app_name?: unknown; user?: { uid?: unknown; type_id?: unknown; org?: { uid?: unknown } } };
  src_endpoint?: { ip?: unknown };
  http_request?: { user_agent?: unknown; uid?: unknown };
  api?: { request?: { uid?: unknown } };
  unmapped?: {
    custodian?: {
      action?: unknown;
      outcome?: unknown;
      privileged?: unknown;
      contract_id?: unknown;
      resource?: { type?: unknown; id?: unknown };
      details?: unknown;
    };
  };
}

const API_TOKEN_TYPE_ID = 99;
const orNull = (v: unknown) => (v === undefined ? null : v);

/**
 * What each stored column must hold for a signed event, derived from the event alone: the pages,
 * filters, API and export read these columns (and the read index, which copies them), so
 * verification compares them with this and a reader never sees what the signed event does not say.
 * `details` is given as its canonical JSON, the form the column is compared in.
 */
export function projectionOf(text: string): AuditProjection {
  const e = JSON.parse(text) as SignedEvent;
  const c = e.unmapped?.custodian ?? {};
  const user = e.actor?.user;
  const app = e.actor?.app_name;
  const actorType: AuditProjection['actor_type'] =
    typeof app === 'string'
      ? 'system'
      : user?.type_id === API_TOKEN_TYPE_ID
        ? 'token'
        : user?.uid === undefined
          ? 'anonymous'
          : 'user';
  return {
    id: e.metadata?.uid as string,
    occurred_at: typeof e.time_dt === 'string' ? e.time_dt : new Date(e.time as number).toISOString(),
    class_uid: e.class_uid as number,
    activity_id: e.activity_id as number,
    severity_id: e.severity_id as number,
    actor_type: actorType,
    actor_id:
      actorType === 'system'
        ? `system:${(app as string).replace(/^custodian:/, '')}`
        : actorType === 'anonymous'
          ? null
          : (user!.uid as string),
    actor_organisation_id: actorType === 'user' ? (orNull(user!.org?.uid) as string | null) : null,
    action: c.action as string,
    resource_type: orNull(c.resource?.type) as string | null,
    resource_id: orNull(c.resource?.id) as string | null,
    contract_id: orNull(c.contract_id) as string | null,
    outcome: c.outcome as AuditProjection['outcome'],
    privileged: c.privileged === true ? 1 : 0,
    // The columns keep at most 64 and 512 characters of what the event holds (see buildAuditRow).
    source_address: typeof e.src_endpoint?.ip === 'string' ? e.src_endpoint.ip.slice(0, 64) : null,
    user_agent: typeof e.http_request?.user_agent === 'string' ? e.http_request.user_agent.slice(0, 512) : null,
    // Under `api` in events before OCSF 1.8 conformance and in API Activity; under `http_request` in identity events since.
    request_id: orNull(e.api?.request?.uid ?? e.http_request?.uid) as string | null,
    details: canonicalize(c.details ?? {}) ?? '{}',
  };
}

/** The stored `details` column in the form projectionOf gives it; unreadable JSON is returned as it is, to differ. */
export function canonicalDetails(stored: string): string {
  try {
    return canonicalize(JSON.parse(stored)) ?? stored;
  } catch {
    return stored;
  }
}
