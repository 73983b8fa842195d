import { type Flag } from '../../platform/db/index.ts';

/**
 * The tables of this module as Kysely sees them, written to match its migrations (like a generated
 * types file). Timestamps are fixed-width UTC ISO-8601 text, flags are 0/1 integers and JSON is
 * text, so rows read back identically from SQLite and PostgreSQL.
 */
/**
 * proposed → agreed | rejected | withdrawn (by the proposing party); agreed → formalising (one party
 * proposes the formal record) → formalised (the other confirms) or back to agreed (declined).
 */
export type VariationStatus = 'proposed' | 'agreed' | 'rejected' | 'withdrawn' | 'formalising' | 'formalised';

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
  /** Why the Client needed it faster than the Variation Procedure ("acting reasonably", clause 4.4.4). */
  fast_track_reason: string | null;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  /** The formal Variation's reference and date (YYYY-MM-DD), as one party proposed them. */
  formal_reference: string | null;
  formal_date: string | null;
  formal_proposed_by: string | null;
  formal_proposed_party: 'agency' | 'client' | null;
  formal_proposed_at: string | null;
  /** The last proposed formal record the other party declined, why, and who declined it. */
  formal_declined_by: string | null;
  formal_declined_at: string | null;
  formal_decline_reason: string | null;
  /** Who confirmed the formal record (the other party), and when: the Variation is formalised. */
  formalised_by: string | null;
  formalised_at: string | null;
  withdrawn_by: string | null;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
  /** When the change took effect: on a fast-track agreement, else on formalisation. */
  in_effect_at: string | null;
  updated_at: string;
}

/** Every table this module owns: its repositories see these and no others. */
export interface VariationsTables {
  variations: VariationsTable;
}
