import { type Flag } from '../../platform/db/index.ts';

/**
 * The tables of this module as Kysely sees them, written to match its migrations (like a generated
 * types file). Timestamps are fixed-width UTC ISO-8601 text, flags are 0/1 integers and JSON is
 * text, so rows read back identically from SQLite and PostgreSQL.
 */
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
  /** Why the contract counts Working Days in another division than England and Wales; null for England and Wales. */
  working_day_division_reason: string | null;
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

/** Every table this module owns: its repositories see these and no others. */
export interface ContractsTables {
  contracts: ContractsTable;
  memberships: MembershipsTable;
}
