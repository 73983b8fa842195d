/**
 * The tables of this module as Kysely sees them, written to match its migrations (like a generated
 * types file). Timestamps are fixed-width UTC ISO-8601 text, flags are 0/1 integers and JSON is
 * text, so rows read back identically from SQLite and PostgreSQL.
 */
/**
 * `stopped`: the clock stopped without being met, waived or replaced: clause 4.3.2's joint approval
 * target when the matter goes to the Dispute Resolution Procedure, a decision clock when its version
 * is withdrawn. The reason is kept in `closed_reason`.
 */
export type DeadlineStatus = 'open' | 'met' | 'missed' | 'waived' | 'superseded' | 'stopped';

export interface DeadlinesTable {
  id: string;
  contract_id: string;
  kind: string;
  clause: string;
  title: string;
  /** `both` is a joint target of the Parties (clause 4.3.2's approval period): both hear of it, neither alone waives it. */
  owner_party: 'agency' | 'client' | 'both';
  owner_user_id: string | null;
  escalation_user_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  /** What the clock belongs to, named by the module that made it: `smp-version` or `variation`, its id, words and page. */
  belongs_to_type: string | null;
  belongs_to_id: string | null;
  belongs_to_label: string | null;
  belongs_to_link: string | null;
  trigger_label: string;
  trigger_date: string;
  /** `date`: due on trigger_date itself (a date the Parties agreed), rule_count 0. */
  rule_kind: 'working-days' | 'months' | 'date';
  rule_count: number;
  division: string;
  /** The contract's reason for counting in another division than England and Wales, as it was when counted. */
  division_reason: string | null;
  /** Why the deadline last moved with its contract ("Moved from … because the Start Date changed from … to …"). */
  move_note: string | null;
  due_date: string;
  due_at: string;
  explanation: string;
  provisional: number;
  calendar_version: number;
  status: DeadlineStatus;
  met_at: string | null;
  met_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  closed_reason: string | null;
  superseded_by: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  /** Counts the changes since creation (0 at creation): the calendar feed's SEQUENCE. The repository bumps it. */
  revision: number;
}

export interface DeadlineFeedsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

/** Every table this module owns: its repositories see these and no others. */
export interface DeadlinesTables {
  deadlines: DeadlinesTable;
  deadline_feeds: DeadlineFeedsTable;
}
