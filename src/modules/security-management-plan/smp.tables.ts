import { type Flag } from '../../platform/db/index.ts';

/**
 * The tables of this module as Kysely sees them, written to match its migrations (like a generated
 * types file). Timestamps are fixed-width UTC ISO-8601 text, flags are 0/1 integers and JSON is
 * text, so rows read back identically from SQLite and PostgreSQL.
 */
export interface SmpPlansTable {
  id: string;
  contract_id: string;
  in_force_version_id: string | null;
  /** When the current approval cycle's first submission was made (the 15 Working Day clock), null between cycles. */
  first_submitted_at: string | null;
  /** Refusals since the cycle began: the second goes to the Dispute Resolution Procedure. */
  refusals_in_cycle: number;
  /** Working Days the parties have to formalise a fast-tracked change (clause 4.4.4); the contract's leads set it. */
  formalise_within_days: number;
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
  /** JSON array of the completeness findings the Agency confirmed when it submitted (clause 4.3.1); null if none. */
  submitted_findings: string | null;
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

export type DisputeOutcome = 'approve-as-is' | 'amend-and-resubmit' | 'withdrawn';

/**
 * A dispute after a second refusal (clause 4.3.2). Both parties record its end: one records the
 * outcome (`recorded_*`), the other confirms it (`resolved_*`, status `resolved`) or declines the
 * record with a reason (`declined_*`, the record cleared, still open). Outcomes recorded before two
 * parties confirmed them are `amend-and-resubmit`, recorded by the Client, with no confirmer.
 */
export interface SmpDisputesTable {
  id: string;
  plan_id: string;
  version_id: string;
  status: 'open' | 'resolved';
  /** What the procedure decided, in the recording party's words. */
  resolution: string | null;
  opened_at: string;
  /** When the other party confirmed the recorded outcome. */
  resolved_at: string | null;
  /** Who confirmed it (null for outcomes recorded before confirmation was asked for). */
  resolved_by: string | null;
  outcome: DisputeOutcome | null;
  /** The date the Parties agreed the Agency resubmits by, if any (amend-and-resubmit only). */
  resubmit_by: string | null;
  recorded_by: string | null;
  recorded_party: 'agency' | 'client' | null;
  recorded_at: string | null;
  /** The last time the other party declined a recorded outcome, and why. */
  declined_by: string | null;
  declined_at: string | null;
  decline_reason: string | null;
}

export interface SmpDocumentsTable {
  id: string;
  contract_id: string;
  title: string;
  version: string;
  owner: string;
  location: string;
  /** The Agency's answer when it registered the document: both parties hold a copy. */
  both_parties_hold: Flag;
  /** The Client's Representative's answer: it holds a copy ('confirmed') or does not ('disputed'); null until answered. */
  client_holds: 'confirmed' | 'disputed' | null;
  client_holds_reason: string | null;
  client_holds_by: string | null;
  client_holds_at: string | null;
  created_at: string;
  created_by: string;
  removed_at: string | null;
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

/**
 * open → drafting (the Agency started a draft in answer) → proposed (submitted as a Variation), or
 * open | drafting → reviewed (a recorded review says why no change is needed), or withdrawn by the Client.
 * A withdrawn Variation takes a proposed request back to drafting.
 */
export type SmpChangeRequestStatus = 'open' | 'drafting' | 'proposed' | 'reviewed' | 'withdrawn';

/** A change to the plan the Client's Representative asked for (clauses 4.4.1(e), 4.4.3), and how it was answered. */
export interface SmpChangeRequestsTable {
  id: string;
  plan_id: string;
  /** 1, 2, 3… per plan: "change request 2". */
  number: number;
  what: string;
  why: string;
  status: SmpChangeRequestStatus;
  requested_by: string;
  requested_at: string;
  /** The draft started in answer, then the Variation that proposed it. */
  version_id: string | null;
  variation_id: string | null;
  /** The recorded review that answered it. */
  review_id: string | null;
  answered_by: string | null;
  answered_at: string | null;
  withdrawn_by: string | null;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
  updated_at: string;
}

/** Every table this module owns: its repositories see these and no others. */
export interface SmpTables {
  smp_plans: SmpPlansTable;
  smp_versions: SmpVersionsTable;
  smp_decisions: SmpDecisionsTable;
  smp_disputes: SmpDisputesTable;
  smp_documents: SmpDocumentsTable;
  smp_reviews: SmpReviewsTable;
  smp_imports: SmpImportsTable;
  smp_change_requests: SmpChangeRequestsTable;
}
