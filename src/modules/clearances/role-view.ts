import { fromJson } from '../../platform/db/index.ts';
import type { Level } from './clearance-levels.ts';
import type { AssignmentRow, RoleRow } from './clearances.repository.ts';
import { canonicalRole, sha256, type ClearanceRole, type RoleRecord, type RoleStatus } from './role-record.ts';

const recordOf = (r: RoleRow, names: Map<string, string>): RoleRecord => ({
  contractId: r.contract_id,
  roleId: r.id,
  revision: r.revision,
  title: r.title,
  description: r.description,
  level: r.level as Level,
  systems: fromJson<string[]>(r.system_ids).map((id) => ({ id, name: names.get(id) ?? 'a system no longer listed' })),
});

/** A stored role as pages and the API see it: the current proposal's hash, the record agreed, its people. */
export function toRole(r: RoleRow, names: Map<string, string>, people: AssignmentRow[]): ClearanceRole {
  const { roleId: _, ...record } = recordOf(r, names);
  return {
    id: r.id,
    ...record,
    status: r.status as RoleStatus,
    hash: sha256(canonicalRole(recordOf(r, names))),
    proposedAt: r.proposed_at,
    decidedAt: r.decided_at,
    refusalReason: r.refusal_reason,
    agreed:
      r.agreed_record && r.agreed_hash && r.agreed_at
        ? { record: fromJson<RoleRecord>(r.agreed_record), hash: r.agreed_hash, at: r.agreed_at }
        : null,
    personIds: people.filter((p) => p.role_id === r.id).map((p) => p.person_id),
  };
}
