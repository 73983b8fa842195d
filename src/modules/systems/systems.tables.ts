import type { Flag } from '../../platform/db/index.ts';

/**
 * The tables of this module as Kysely sees them, written to match its migrations (like a generated
 * types file). Timestamps are fixed-width UTC ISO-8601 text and flags are 0/1 integers, so rows read
 * back identically from SQLite and PostgreSQL.
 */
export interface SystemsTable {
  id: string;
  contract_id: string;
  name: string;
  /** lower(trim(name)): unique per contract, so "CRM" and "crm" cannot both be listed. */
  name_key: string;
  /** Who answers for it: a person, a team or a supplier. */
  owner: string;
  /** Where and by whom it is hosted, in words (the Government Data register adds structured locations). */
  hosting: string;
  /** 1 when it stores, processes or manages Government Data; 0 when it administers such systems. */
  holds_government_data: Flag;
  /** Whether access to it is privileged (administration, or access above that of an ordinary user). */
  privileged: Flag;
  /** The clearance its roles need (annex 6.2), or 'none'. */
  clearance: string;
  notes: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  /** Taken out of service: kept, and shown as retired, never deleted. */
  retired_at: string | null;
  retired_by: string | null;
}

/** Every table this module owns: its repositories see these and no others. */
export interface SystemsTables {
  systems: SystemsTable;
}
