import { type Flag } from '../../platform/db/index.ts';

/**
 * The tables of this module as Kysely sees them, written to match its migrations (like a generated
 * types file). Timestamps are fixed-width UTC ISO-8601 text, flags are 0/1 integers and JSON is
 * text, so rows read back identically from SQLite and PostgreSQL.
 */
export interface AuditEventsTable {
  /** The leaf index: contiguous from 0, assigned under the tree head's row lock. */
  seq: number;
  id: string;
  occurred_at: string;
  class_uid: number;
  activity_id: number;
  severity_id: number;
  actor_type: 'user' | 'token' | 'system' | 'anonymous';
  actor_id: string | null;
  actor_organisation_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  contract_id: string | null;
  outcome: 'success' | 'failure' | 'denied';
  privileged: Flag;
  source_address: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: string;
  /** The RFC 8785 canonical OCSF event: exactly the bytes the leaf hash covers. */
  event: string;
  leaf_hash: string;
}

export interface AuditTreeHeadTable {
  id: number;
  size: number;
  tiled_size: number;
  purged_below: number;
  purging: Flag;
}

/** The read pages' copy of an event about a contract, filled behind the append (audit-index.repository.ts). */
export interface AuditEventIndexTable {
  contract_id: string;
  seq: number;
  occurred_at: string;
  actor_type: AuditEventsTable['actor_type'];
  actor_id: string | null;
  action: string;
  outcome: AuditEventsTable['outcome'];
  resource_type: string | null;
  resource_id: string | null;
  privileged: Flag;
}

export interface AuditIndexHeadTable {
  id: number;
  indexed_size: number;
}

export interface AuditTilesTable {
  level: number;
  idx: number;
  width: number;
  /** 64 hex characters per hash, `width` of them. */
  hashes: string;
}

export interface AuditCheckpointsTable {
  size: number;
  root_hash: string;
  note: string;
  created_at: string;
}

export interface AuditLegalHoldsTable {
  id: string;
  from_seq: number;
  to_seq: number;
  reason: string;
  created_by: string;
  created_at: string;
  released_at: string | null;
}

/** Every table this module owns: its repositories see these and no others. */
export interface AuditLogTables {
  audit_events: AuditEventsTable;
  audit_tree_head: AuditTreeHeadTable;
  audit_tiles: AuditTilesTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_legal_holds: AuditLegalHoldsTable;
  audit_event_index: AuditEventIndexTable;
  audit_index_head: AuditIndexHeadTable;
}
