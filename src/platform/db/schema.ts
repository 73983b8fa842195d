/**
 * The physical schema as Kysely sees it: one interface per table, written to match the migrations
 * (like a generated types file). Timestamps are fixed-width UTC ISO-8601 text, flags are 0/1 integers
 * and JSON is text, so the same rows read back identically from SQLite and PostgreSQL.
 */
export type Flag = 0 | 1;

export interface OrganisationsTable {
  id: string;
  name: string;
  /** lower(trim(name)): the unique key, so "Acme" and "acme" cannot both exist on either engine. */
  name_key: string;
  kind: 'agency' | 'client' | 'oversight';
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  organisation_id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  is_system_admin: Flag;
  disabled_at: string | null;
  mfa_secret: string | null;
  mfa_enrolled_at: string | null;
  /** The last TOTP time step accepted, so a code cannot be replayed. */
  mfa_last_step: number | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface AccountLinksTable {
  id: string;
  purpose: 'setup' | 'activate' | 'reset-password';
  user_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  stage: 'mfa-enrol' | 'mfa-verify' | 'active';
  created_at: string;
  last_seen_at: string;
  absolute_expires_at: string;
  source_address: string | null;
  user_agent: string | null;
}

export interface LoginThrottlesTable {
  key: string;
  failures: number;
  last_failure_at: string;
  blocked_until: string;
}

export interface ContractsTable {
  id: string;
  order_reference: string;
  title: string;
  start_date: string;
  agency_organisation_id: string;
  client_organisation_id: string;
  oversight_organisation_id: string | null;
  client_representative_user_id: string | null;
  security_policy_applies: Flag;
  oversight_may_enforce: Flag;
  notes: string;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  id: string;
  contract_id: string;
  user_id: string;
  role: string;
  created_at: string;
  created_by: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  contract_id: string;
  role: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

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

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  account_links: AccountLinksTable;
  sessions: SessionsTable;
  login_throttles: LoginThrottlesTable;
  contracts: ContractsTable;
  memberships: MembershipsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  audit_tree_head: AuditTreeHeadTable;
  audit_tiles: AuditTilesTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_legal_holds: AuditLegalHoldsTable;
}
