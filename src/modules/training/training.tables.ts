/**
 * The tables of this module as Kysely sees them, written to match its migrations. Civil dates are
 * YYYY-MM-DD text and timestamps fixed-width UTC ISO-8601 text, so rows read back identically from
 * SQLite and PostgreSQL.
 */
export interface TrainingCoursesTable {
  id: string;
  contract_id: string;
  name: string;
  /** lower(trim(name)): unique per contract, and how an import matches a course by name. */
  name_key: string;
  /** The learning system's code for it, if any: how an import matches a course by code. */
  code: string | null;
  about: string;
  /** 12 unless the Client agreed another period in writing (the agreed_* columns). */
  recurrence_months: number;
  /** The Client's Representative's account that recorded the agreement. */
  agreed_by: string | null;
  /** Who agreed for the Client, as the agreement names them. */
  agreed_by_name: string | null;
  agreed_on: string | null;
  agreed_reason: string | null;
  agreed_at: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface TrainingCompletionsTable {
  id: string;
  contract_id: string;
  person_id: string;
  course_id: string;
  completed_on: string;
  /** Where the evidence is held (the learning system's certificate id, say): Agency-internal. */
  evidence_ref: string;
  /** 'form', 'api' or 'import'. */
  source: string;
  recorded_at: string;
  recorded_by: string;
}

export interface TrainingImportsTable {
  id: string;
  contract_id: string;
  created_by: string;
  file_name: string;
  /** The preview as JSON (see completions-plan.ts). */
  preview: string;
  created_at: string;
  applied_at: string | null;
}

/** Every table this module owns: its repositories see these and no others. */
export interface TrainingTables {
  training_courses: TrainingCoursesTable;
  training_completions: TrainingCompletionsTable;
  training_imports: TrainingImportsTable;
}
