/**
 * The tables of this module as Kysely sees them, written to match its migrations (like a generated
 * types file). Timestamps are fixed-width UTC ISO-8601 text, flags are 0/1 integers and JSON is
 * text, so rows read back identically from SQLite and PostgreSQL.
 */
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

/** Every table this module owns: its repositories see these and no others. */
export interface ApiTokensTables {
  api_tokens: ApiTokensTable;
}
