import { parse } from 'csv-parse/sync';
import { ACCESS_LEVELS, type AccessLevel } from './access-grants.schemas.ts';

/** The fields a grants CSV fills, and the column names (lower case, single spaces) an IAM export gives each. */
export const GRANT_COLUMNS = {
  email: ['work email', 'email', 'email address', 'user email', 'user principal name', 'upn', 'mail'],
  externalId: ['employee id', 'employee number', 'employee no', 'staff number', 'staff id', 'external id'],
  system: ['system', 'system name', 'application', 'application name', 'app', 'resource', 'resource name'],
  level: ['access level', 'level', 'privilege', 'privilege level', 'role type'],
  reason: ['reason', 'justification', 'business justification', 'why needed', 'purpose'],
  grantedOn: ['granted date', 'granted on', 'date granted', 'assigned date', 'assignment date', 'granted'],
} as const;
type Field = keyof typeof GRANT_COLUMNS;

export const MAX_GRANT_ROWS = 100_000;
const LEVEL_WORDS: Record<string, AccessLevel> = { admin: 'administrator' };
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** A row read and checked on its own; the plan matches it with the registers. */
export interface GrantCsvRow {
  line: number;
  email: string;
  externalId: string;
  system: string;
  level: AccessLevel | '';
  reason: string;
  /** As written in the file; the plan reads it into YYYY-MM-DD. */
  grantedOn: string;
  errors: string[];
}

export interface GrantCsv {
  fileErrors: string[];
  columns: { field: Field; column: string }[];
  rows: GrantCsvRow[];
}

const keyOf = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[_.-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const REQUIRED = 'Work email or Employee ID, System, Access level, Reason and Granted date';

/**
 * Reads an IAM export of access grants: the first row names the columns, each further row is one
 * person's access to one system. Pure and synchronous (it runs on a worker thread, grant-csv.job.ts);
 * the plan reads the dates as the staff import reads them.
 */
export function readGrantCsv(text: string): GrantCsv {
  const out: GrantCsv = { fileErrors: [], columns: [], rows: [] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_quotes: true,
      info: true,
      max_record_size: 64 * 1024,
      to: MAX_GRANT_ROWS + 2,
    }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    out.fileErrors.push(
      `The file could not be read as CSV${line ? ` (near line ${line})` : ''}: check it was saved as CSV, with each quoted value closed`,
    );
    return out;
  }
  const [header, ...body] = records;
  if (!header || body.length === 0) {
    out.fileErrors.push(
      `The file has no grants in it: the first row names the columns (${REQUIRED}) and each row after it is a grant`,
    );
    return out;
  }
  if (body.length > MAX_GRANT_ROWS) {
    out.fileErrors.push(
      `The file has more than ${MAX_GRANT_ROWS.toLocaleString('en-GB')} grants: split it into smaller files`,
    );
    return out;
  }
  const found = new Map<Field, number>();
  header.record.forEach((h, i) => {
    const k = keyOf(h);
    const field = (Object.keys(GRANT_COLUMNS) as Field[]).find((f) =>
      (GRANT_COLUMNS[f] as readonly string[]).includes(k),
    );
    if (field && found.has(field))
      out.fileErrors.push(`Two columns give the ${GRANT_COLUMNS[field][0]}: keep one of them`);
    else if (field) found.set(field, i);
  });
  const missing = [
    !found.has('email') && !found.has('externalId') && 'Work email or Employee ID',
    !found.has('system') && 'System',
    !found.has('level') && 'Access level',
    !found.has('reason') && 'Reason',
    !found.has('grantedOn') && 'Granted date',
  ].filter(Boolean);
  if (missing.length)
    out.fileErrors.push(
      `The file has no ${missing.join(', ')} column. The columns expected are ${REQUIRED}. The first row must name the columns.`,
    );
  out.columns = [...found].map(([field, i]) => ({ field, column: header.record[i]!.trim() }));
  if (out.fileErrors.length) return out;
  for (const { record, info } of body) out.rows.push(readRow(record, info.lines, found));
  return out;
}

function readRow(cells: string[], line: number, found: Map<Field, number>): GrantCsvRow {
  const errors: string[] = [];
  const cell = (f: Field, label: string, max = 200) => {
    const v = found.has(f) ? (cells[found.get(f)!] ?? '').trim() : '';
    const problem = CONTROL.test(v)
      ? `${label} contains a character that is not allowed`
      : v.length > max
        ? `${label} must be ${max} characters or fewer`
        : undefined;
    if (!problem) return v;
    errors.push(problem);
    return '';
  };
  const email = cell('email', 'Work email').toLowerCase();
  const externalId = cell('externalId', 'Employee ID');
  if (!email && !externalId)
    errors.push('Work email and Employee ID are both empty: give one to say who has the access');
  const system = cell('system', 'System');
  if (!system) errors.push('System is empty');
  const rawLevel = cell('level', 'Access level').toLowerCase();
  const level = (ACCESS_LEVELS as readonly string[]).includes(rawLevel)
    ? (rawLevel as AccessLevel)
    : (LEVEL_WORDS[rawLevel] ?? '');
  if (!level)
    errors.push(
      rawLevel
        ? `Access level “${rawLevel.slice(0, 40)}” is not one Custodian records: use standard, elevated or administrator (or admin)`
        : 'Access level is empty',
    );
  const reason = cell('reason', 'Reason', 1000);
  if (!reason) errors.push('Reason is empty: say why the access is needed');
  // Read as written: the plan reads the date with the staff import's rules (this file runs on a
  // worker thread and loads no module, so a large file starts reading at once).
  const grantedOn = cell('grantedOn', 'Granted date');
  if (!grantedOn) errors.push('Granted date is empty');
  return { line, email, externalId, system, level, reason, grantedOn, errors };
}
