/**
 * The tables of this module as Kysely sees them, written to match its migrations. Civil dates are
 * YYYY-MM-DD text, timestamps fixed-width UTC ISO-8601 text, so rows read back identically from
 * SQLite and PostgreSQL.
 */
export interface AccessGrantsTable {
  id: string;
  contract_id: string;
  person_id: string;
  system_id: string;
  level: 'standard' | 'elevated' | 'administrator';
  /** Why the person needs it (least privilege, 6.5). */
  reason: string;
  granted_on: string;
  /** Who recorded the grant in Custodian (a user id, or a token's or system's id). */
  granted_by: string;
  /** 'form', 'api' or 'import'. */
  source: string;
  created_at: string;
}

/** A grant's revocation: asked for (with its clock), then recorded as done. */
export interface AccessRevocationsTable {
  grant_id: string;
  contract_id: string;
  /** The "within one (1) Working Day" clock in the deadlines module. */
  deadline_id: string | null;
  cause: 'marked-leaving' | 'end-date' | 'not-needed' | 'review';
  trigger_date: string;
  requested_at: string;
  requested_by: string;
  /** Set once the revocation is recorded as done. */
  revoked_on: string | null;
  revoked_by: string | null;
  method: string | null;
  evidence_ref: string | null;
  recorded_at: string | null;
  recorded_by: string | null;
}

export interface AccessExceptionsTable {
  id: string;
  contract_id: string;
  person_id: string;
  grant_id: string;
  kind: 'checks-incomplete' | 'clearance-missing';
  reason: string;
  /** JSON: what was missing when it was raised (checks, or the clearance). */
  missing: string;
  status: 'open' | 'agreed' | 'closed';
  raised_at: string;
  raised_by: string;
  agreed_by: string | null;
  agreed_at: string | null;
  agreed_until: string | null;
  agreed_why: string | null;
  closed_at: string | null;
  closed_reason: string | null;
}

export interface AccessReviewsTable {
  id: string;
  contract_id: string;
  reviewed_at: string;
  reviewed_by: string;
  confirmed: number;
  removed: number;
}

export interface AccessReviewDecisionsTable {
  review_id: string;
  grant_id: string;
  decision: 'confirm' | 'remove';
}

export interface AccessGrantImportsTable {
  id: string;
  contract_id: string;
  created_by: string;
  file_name: string;
  preview: string;
  created_at: string;
  applied_at: string | null;
}

/** Every table this module owns: its repositories see these and no others. */
export interface AccessGrantsTables {
  access_grants: AccessGrantsTable;
  access_revocations: AccessRevocationsTable;
  access_exceptions: AccessExceptionsTable;
  access_reviews: AccessReviewsTable;
  access_review_decisions: AccessReviewDecisionsTable;
  access_grant_imports: AccessGrantImportsTable;
}
