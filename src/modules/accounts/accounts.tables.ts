import { type Flag } from '../../platform/db/index.ts';

/**
 * The tables of this module as Kysely sees them, written to match its migrations (like a generated
 * types file). Timestamps are fixed-width UTC ISO-8601 text, flags are 0/1 integers and JSON is
 * text, so rows read back identically from SQLite and PostgreSQL.
 */
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

/** One allowance of attempts (see throttle.ts): the time, in epoch milliseconds, when it is whole again. */
export interface LoginThrottlesTable {
  key: string;
  tat_ms: number;
}

/** Every table this module owns: its repositories see these and no others. */
export interface AccountsTables {
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  account_links: AccountLinksTable;
  sessions: SessionsTable;
  login_throttles: LoginThrottlesTable;
}
