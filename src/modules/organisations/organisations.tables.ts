/**
 * The tables of this module as Kysely sees them, written to match its migrations (like a generated
 * types file). Timestamps are fixed-width UTC ISO-8601 text, flags are 0/1 integers and JSON is
 * text, so rows read back identically from SQLite and PostgreSQL.
 */
export interface OrganisationsTable {
  id: string;
  name: string;
  /** lower(trim(name)): the unique key, so "Acme" and "acme" cannot both exist on either engine. */
  name_key: string;
  kind: 'agency' | 'client' | 'oversight';
  created_at: string;
  updated_at: string;
}

/** Every table this module owns: its repositories see these and no others. */
export interface OrganisationsTables {
  organisations: OrganisationsTable;
}
