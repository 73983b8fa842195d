import type { GrantWithRevocation } from './access-grants.repository.ts';
import type { Grant, RevocationCause } from './access-grants.schemas.ts';

/** A grant row as services give it, with the names of its person and system. */
export function toGrant(
  r: GrantWithRevocation,
  names: { person(id: string): string; system(id: string): string },
): Grant {
  return {
    id: r.id,
    contractId: r.contract_id,
    personId: r.person_id,
    personName: names.person(r.person_id),
    systemId: r.system_id,
    systemName: names.system(r.system_id),
    level: r.level,
    reason: r.reason,
    grantedOn: r.granted_on,
    grantedBy: r.granted_by,
    source: r.source,
    createdAt: r.created_at,
    status: r.cause === null ? 'current' : r.revoked_on === null ? 'revoking' : 'revoked',
    revocation:
      r.cause === null
        ? null
        : {
            deadlineId: r.deadline_id,
            cause: r.cause as RevocationCause,
            causeDate: r.trigger_date!,
            requestedAt: r.requested_at!,
            revokedOn: r.revoked_on,
            revokedBy: r.revoked_by,
            method: r.method,
            evidenceRef: r.evidence_ref,
            recordedAt: r.recorded_at,
          },
  };
}

/** A new grant's revocation columns: none asked for yet. */
export const NO_REVOCATION = {
  deadline_id: null,
  cause: null,
  trigger_date: null,
  requested_at: null,
  requested_by: null,
  revoked_on: null,
  revoked_by: null,
  method: null,
  evidence_ref: null,
  recorded_at: null,
  recorded_by: null,
} as const;
