import type { DocumentLink } from './doc-references.ts';

/** A label and its value, printed as a two-column table (cover page, approval record). */
export interface LabelledRow {
  label: string;
  value: string;
}

/**
 * Rows of plain text printed as a table with a header row (never read as Markdown, so a name with an
 * asterisk or a pipe prints as written), under its own heading when it has one.
 */
export interface PlainTable {
  heading?: string;
  columns: string[];
  rows: string[][];
  /** Printed instead of the table when it has no rows. */
  empty: string;
}

/**
 * What the exporters print: domain-free, so the caller decides the wording of every row (contract,
 * version, status, SHA-256, dates, approver).
 */
export interface PlanDocument {
  title: string;
  cover: { rows: LabelledRow[] };
  /** Each section's Markdown, then its tables (lists the plan keeps as data rather than prose). */
  sections: { heading: string; markdown: string; tables?: PlainTable[] }[];
  /** The register entries `[[doc: Title]]` markers may name; a marker naming none prints as not in the register. */
  documents?: readonly DocumentLink[];
  /** The approval record, printed on its own page at the end; without it that page says none is recorded. */
  approval?: { rows: LabelledRow[] };
  /** Written into the file's metadata; pass the app clock's time. Defaults to the Unix epoch so output is reproducible. */
  createdAt?: Date;
  /** Written into the file's metadata as the author. */
  author?: string;
}

export const NO_APPROVAL_TEXT = 'No approval has been recorded for this version.';
export const APPROVAL_HEADING = 'Approval record';

// Characters XML 1.0 forbids (and the PDF fonts cannot show) are removed rather than failing the export.
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe to put in a .docx or PDF. */
export const cleanText = (s: unknown): string => String(s ?? '').replace(FORBIDDEN, '');

/** The metadata date: the caller's, or a fixed one so repeated exports of one version match. */
export const createdAtOf = (plan: PlanDocument): Date =>
  plan.createdAt instanceof Date && !Number.isNaN(plan.createdAt.getTime()) ? plan.createdAt : new Date(0);
