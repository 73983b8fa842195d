/**
 * The tables of this module as Kysely sees them, written to match its migrations. Civil dates are
 * YYYY-MM-DD text, timestamps fixed-width UTC ISO-8601 text, so rows read back identically from
 * SQLite and PostgreSQL.
 */
export interface ClearancesTable {
  id: string;
  contract_id: string;
  person_id: string;
  /** BPSS, CTC, SC, eSC, DV, eDV, NPPV1–3 (annex 6.2). */
  level: string;
  /** Who sponsored the clearance: the department, force or List X company that asked for it. */
  sponsor: string;
  granted_on: string;
  /** The review or expiry date; null when the level has no fixed period and none was given. */
  expires_on: string | null;
  /** 'active', 'withdrawn' or 'lapsed'; "expired" is worked out from expires_on. */
  status: string;
  /** Why it was withdrawn or lapsed, in the vetting officer's words. */
  ended_reason: string | null;
  ended_on: string | null;
  /** How many times it has been renewed (a review or a renewal recorded). */
  renewals: number;
  recorded_at: string;
  recorded_by: string;
  updated_at: string;
  updated_by: string;
}

/** A contract's own review or expiry period for a level, replacing Custodian's default. */
export interface ClearancePeriodsTable {
  contract_id: string;
  level: string;
  /** Whole years; null: no fixed period (a date is entered with each clearance, or none). */
  years: number | null;
  /** Where the contract's figure comes from: the Client's instruction, the force's policy… */
  basis: string;
  set_at: string;
  set_by: string;
}

/** A role of the catalogue of roles that need clearance (6.2), proposed by the Agency and agreed by the Client. */
export interface ClearanceRolesTable {
  id: string;
  contract_id: string;
  title: string;
  /** lower(trim(title)): unique per contract. */
  title_key: string;
  description: string;
  level: string;
  /** The systems it covers, as a JSON array of system ids; empty: the role needs the clearance whatever the system. */
  system_ids: string;
  /** 'proposed', 'agreed' or 'refused'. */
  status: string;
  /** Bumped by every change of the proposal; a decision names the revision it was made on. */
  revision: number;
  proposed_at: string;
  proposed_by: string;
  decided_at: string | null;
  decided_by: string | null;
  refusal_reason: string | null;
  /** The canonical record last agreed (JSON, RFC 8785), which stands until a change is agreed. */
  agreed_record: string | null;
  /** SHA-256 (hex) of agreed_record. */
  agreed_hash: string | null;
  agreed_at: string | null;
  agreed_by: string | null;
}

/** A person assigned a catalogue role (person × role). */
export interface ClearanceRolePeopleTable {
  contract_id: string;
  role_id: string;
  person_id: string;
  assigned_at: string;
  assigned_by: string;
}

/** Every table this module owns: its repositories see these and no others. */
export interface ClearancesTables {
  clearances: ClearancesTable;
  clearance_periods: ClearancePeriodsTable;
  clearance_roles: ClearanceRolesTable;
  clearance_role_people: ClearanceRolePeopleTable;
}
