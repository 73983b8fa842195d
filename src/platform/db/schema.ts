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
  working_day_division: string;
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

export interface NotificationsTable {
  id: string;
  /** Unique per message: enqueueing the same key again is a no-op, and receivers de-duplicate on it. */
  idempotency_key: string;
  recipient_user_id: string;
  contract_id: string | null;
  kind: string;
  subject: string;
  body_text: string;
  /** A path inside Custodian (`/contracts/…`), made absolute with the public URL when sent. */
  link_path: string | null;
  created_at: string;
  read_at: string | null;
}

export type DeliveryChannel = 'in-app' | 'email' | 'webhook';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped' | 'cancelled';

/** The outbox: one row per notification and channel, claimed by a worker under a lease. */
export interface NotificationDeliveriesTable {
  id: string;
  notification_id: string;
  channel: DeliveryChannel;
  subscription_id: string | null;
  /** The email address or webhook URL at the time of enqueueing; null in-app. */
  destination: string | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookSubscriptionsTable {
  id: string;
  contract_id: string;
  party: 'agency' | 'client';
  url: string;
  description: string;
  /** The HMAC key: kept in clear because signing needs it; shown to the subscriber once. */
  secret: string;
  created_by: string;
  created_at: string;
  disabled_at: string | null;
  disabled_by: string | null;
}

export type CalendarVersionKind = 'initial' | 'snapshot' | 'import' | 'holiday-added' | 'holiday-removed';

/** One version of the Working-Day calendar and what changed in it (JSON list of holiday changes). */
export interface CalendarVersionsTable {
  version: number;
  kind: CalendarVersionKind;
  summary: string;
  changes: string;
  created_by: string;
  created_at: string;
}

/** A copy of GOV.UK's bank-holidays.json as loaded (JSON text), and the version it made. */
export interface CalendarImportsTable {
  id: string;
  version: number;
  source: string;
  sha256: string;
  data: string;
  created_by: string;
  created_at: string;
}

/** A one-off holiday added by an administrator; `divisions` is a JSON list. Removed ones are kept, marked. */
export interface CalendarProclamationsTable {
  id: string;
  holiday_date: string;
  title: string;
  divisions: string;
  reason: string;
  created_by: string;
  created_at: string;
  added_in_version: number;
  removed_at: string | null;
  removed_by: string | null;
  removed_reason: string | null;
  removed_in_version: number | null;
}

export type DeadlineStatus = 'open' | 'met' | 'missed' | 'waived' | 'superseded';

export interface DeadlinesTable {
  id: string;
  contract_id: string;
  kind: string;
  clause: string;
  title: string;
  owner_party: 'agency' | 'client';
  owner_user_id: string | null;
  escalation_user_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  trigger_label: string;
  trigger_date: string;
  rule_kind: 'working-days' | 'months';
  rule_count: number;
  division: string;
  due_date: string;
  due_at: string;
  explanation: string;
  provisional: number;
  calendar_version: number;
  status: DeadlineStatus;
  met_at: string | null;
  met_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  closed_reason: string | null;
  superseded_by: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

export interface DeadlineFeedsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface SmpPlansTable {
  id: string;
  contract_id: string;
  in_force_version_id: string | null;
  /** When the current approval cycle's first submission was made (the 15 Working Day clock), null between cycles. */
  first_submitted_at: string | null;
  /** Refusals since the cycle began: the second goes to the Dispute Resolution Procedure. */
  refusals_in_cycle: number;
  created_at: string;
  updated_at: string;
}

export type SmpVersionStatus = 'draft' | 'submitted' | 'approved' | 'not-approved' | 'withdrawn';

export interface SmpVersionsTable {
  id: string;
  plan_id: string;
  number: number;
  status: SmpVersionStatus;
  based_on_version_id: string | null;
  content: string;
  content_hash: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

export interface SmpDecisionsTable {
  id: string;
  version_id: string;
  decision: 'approved' | 'not-approved';
  content_hash: string;
  reasons: string;
  fails_4_2: Flag;
  decided_by: string;
  decided_at: string;
}

export interface SmpDisputesTable {
  id: string;
  plan_id: string;
  version_id: string;
  status: 'open' | 'resolved';
  resolution: string | null;
  opened_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface SmpDocumentsTable {
  id: string;
  contract_id: string;
  title: string;
  version: string;
  owner: string;
  location: string;
  both_parties_hold: Flag;
  created_at: string;
  created_by: string;
  removed_at: string | null;
}

export type VariationStatus = 'proposed' | 'agreed' | 'rejected' | 'formalised';

export interface VariationsTable {
  id: string;
  contract_id: string;
  /** 1, 2, 3… per contract: what people call it ("Variation 3"). */
  number: number;
  /** What it changes, e.g. 'smp' with the plan's id; subject_ref is the proposed thing (a plan version). */
  subject_type: string;
  subject_id: string;
  subject_ref: string;
  /** SHA-256 of exactly what was proposed: an agreement is bound to it. */
  subject_hash: string | null;
  title: string;
  rationale: string;
  /** JSON array of plain-English lines summarising the proposed changes. */
  changes: string;
  proposed_by_party: 'agency' | 'client';
  status: VariationStatus;
  /** The Client required the change now, to be formalised afterwards (clause 4.4.4). */
  fast_track: Flag;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  formal_reference: string | null;
  formalised_by: string | null;
  formalised_at: string | null;
  /** When the change took effect: on a fast-track agreement, else on formalisation. */
  in_effect_at: string | null;
  updated_at: string;
}

export interface SmpReviewsTable {
  id: string;
  plan_id: string;
  /** The plan in force that was reviewed. */
  reviewed_version_id: string;
  /** JSON array of clause 4.4.1 triggers: 'a'–'e', or 'annual' for the scheduled yearly review. */
  triggers: string;
  trigger_notes: string;
  /** Clause 4.4.2 (a)–(c). */
  improvements: string;
  risk_updates: string;
  measurement: string;
  draft_version_id: string | null;
  completed_by: string;
  completed_at: string;
}

export interface SmpImportsTable {
  id: string;
  contract_id: string;
  organisation_id: string;
  created_by: string;
  file_name: string;
  /** JSON array of { heading, markdown }. */
  sections: string;
  warnings: string;
  created_at: string;
  /** Set while a confirmation applies it; an import is used once. */
  claimed_at: string | null;
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
  audit_event_index: AuditEventIndexTable;
  audit_index_head: AuditIndexHeadTable;
  calendar_versions: CalendarVersionsTable;
  calendar_imports: CalendarImportsTable;
  calendar_proclamations: CalendarProclamationsTable;
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  deadlines: DeadlinesTable;
  deadline_feeds: DeadlineFeedsTable;
  smp_plans: SmpPlansTable;
  smp_versions: SmpVersionsTable;
  smp_decisions: SmpDecisionsTable;
  smp_disputes: SmpDisputesTable;
  smp_documents: SmpDocumentsTable;
  smp_reviews: SmpReviewsTable;
  smp_imports: SmpImportsTable;
  variations: VariationsTable;
}
