import type { Flag } from '../../platform/db/index.ts';

/**
 * The tables of this module as Kysely sees them, written to match its migrations. Civil dates are
 * YYYY-MM-DD text, timestamps fixed-width UTC ISO-8601 text, flags 0/1 integers, so rows read back
 * identically from SQLite and PostgreSQL.
 */
export interface PersonnelPeopleTable {
  id: string;
  contract_id: string;
  name: string;
  /** lower(trim(name)): the register's sort order. */
  name_key: string;
  /** The named Subcontractor employing them; null when the Agency does. */
  subcontractor: string | null;
  /** The work email, lower-cased: unique per contract, so the rule is case-insensitive. */
  email: string;
  job_title: string;
  start_date: string;
  /** The last working day, once known. */
  end_date: string | null;
  /** Marked as leaving before an end date is known (or by the identity provider, later). */
  leaving: Flag;
  /** Their Custodian account, if they have one; most Agency Staff never sign in. */
  user_id: string | null;
  /** The HR or identity provider's id for them (the CSV's employee id, later SCIM's externalId). */
  external_id: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** A contract's register revision: every change to its people bumps it (see the import's apply). */
export interface PersonnelRegistersTable {
  contract_id: string;
  revision: number;
}

export interface PersonnelChecksTable {
  id: string;
  contract_id: string;
  person_id: string;
  kind: string;
  outcome: string;
  checked_on: string;
  checked_by: string;
  method: string;
  evidence_ref: string;
  recorded_at: string;
  recorded_by: string;
}

export interface PersonnelImportsTable {
  id: string;
  contract_id: string;
  created_by: string;
  file_name: string;
  revision: number;
  /** The preview as JSON: the rows to add, the changes, the errors (see import-plan.ts). */
  preview: string;
  created_at: string;
  applied_at: string | null;
}

/**
 * A person as the identity provider last described them over SCIM 2.0 (RFC 7643 User): its `id`
 * is the SCIM id, `person_id` the register entry it feeds. Nulls are unassigned attributes.
 */
export interface PersonnelScimUsersTable {
  id: string;
  contract_id: string;
  person_id: string;
  user_name: string;
  /** user_name lower-cased by the app: unique per contract. */
  user_name_key: string;
  external_id: string | null;
  display_name: string | null;
  given_name: string | null;
  family_name: string | null;
  formatted_name: string | null;
  email: string | null;
  title: string | null;
  active: Flag;
  employee_number: string | null;
  organization: string | null;
  department: string | null;
  manager_id: string | null;
  /** Bumped by every change: the SCIM `meta.version`. */
  version: number;
  created_at: string;
  updated_at: string;
}

/** Every table this module owns: its repositories see these and no others. */
export interface PersonnelTables {
  personnel_people: PersonnelPeopleTable;
  personnel_registers: PersonnelRegistersTable;
  personnel_checks: PersonnelChecksTable;
  personnel_imports: PersonnelImportsTable;
  personnel_scim_users: PersonnelScimUsersTable;
}
