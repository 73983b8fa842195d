import { z } from 'zod';
import { csvHeaderKey as keyOf, hasControlCharacter, readCsvRecords, shownCsvValue as shown } from './csv-records.ts';
import { readCsvDate, type DateFormat } from './csv-dates.ts';

/** The fields a staff CSV fills, and the column names (lower case, single spaces) each is known by. */
export const CSV_COLUMNS = {
  name: ['full name', 'name', 'employee name', 'staff name', 'display name'],
  firstName: ['first name', 'forename', 'given name'],
  lastName: ['last name', 'surname', 'family name'],
  email: ['work email', 'email', 'email address', 'work email address', 'business email'],
  employer: ['employer', 'company', 'employing company', 'organisation', 'organization'],
  jobTitle: ['job title', 'role', 'title', 'position'],
  startDate: ['start date', 'date started', 'hire date', 'employment start date', 'joining date'],
  endDate: ['end date', 'leaving date', 'leave date', 'termination date', 'last day'],
  externalId: ['employee id', 'employee number', 'employee no', 'staff number', 'staff id', 'external id'],
} as const;
type Field = keyof typeof CSV_COLUMNS;

export const MAX_ROWS = 100_000;
export const MAX_CSV_BYTES = 20 * 1024 * 1024;

/** A row read and checked: the person it describes, or why it cannot be used. */
export interface CsvRow {
  /** The row's line in the file (the header is line 1), as a spreadsheet shows it. */
  line: number;
  name: string;
  email: string;
  /** null: the Agency employs them. */
  subcontractor: string | null;
  jobTitle: string;
  startDate: string;
  /** undefined: the file has no end date column (the register's is kept); null: the cell is empty. */
  endDate?: string | null;
  /** undefined: no column, or an empty cell (the register's is kept). */
  externalId?: string;
  errors: string[];
}

export interface StaffCsv {
  /** Problems with the file as a whole (no rows can be read): the preview lists these alone. */
  fileErrors: string[];
  /** Which column fills which field, as the preview shows it. */
  columns: { field: Field; column: string }[];
  /** Columns the import does not use. */
  ignored: string[];
  rows: CsvRow[];
  /** How many dates were read from each format other than YYYY-MM-DD. */
  dateFormats: Partial<Record<DateFormat, number>>;
}

const REQUIRED_WORDS = 'Full name (or First name and Last name), Work email, Job title and Start date';
const email = z.email();
const LABELS: Record<Field, string> = {
  name: 'Full name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Work email',
  employer: 'Employer',
  jobTitle: 'Job title',
  startDate: 'Start date',
  endDate: 'End date',
  externalId: 'Employee ID',
};

function mapColumns(header: string[]) {
  const found = new Map<Field, number>();
  const errors: string[] = [];
  const ignored: string[] = [];
  header.forEach((h, i) => {
    const k = keyOf(h);
    const field = (Object.keys(CSV_COLUMNS) as Field[]).find((f) => (CSV_COLUMNS[f] as readonly string[]).includes(k));
    if (!field) return void (k && ignored.push(h.trim()));
    if (found.has(field))
      errors.push(
        `The columns “${header[found.get(field)!]!.trim()}” and “${h.trim()}” both give the ${field === 'email' ? 'work email' : keyOf(CSV_COLUMNS[field][0])}: keep one of them`,
      );
    else found.set(field, i);
  });
  const hasName = found.has('name') || (found.has('firstName') && found.has('lastName'));
  const missing = [
    !hasName && 'Full name',
    !found.has('email') && 'Work email',
    !found.has('jobTitle') && 'Job title',
    !found.has('startDate') && 'Start date',
  ].filter(Boolean);
  if (missing.length)
    errors.push(
      `The file has no ${missing.join(', ')} column. The columns expected are ${REQUIRED_WORDS}; Employer, End date and Employee ID may be added. The first row must name the columns.`,
    );
  return { found, errors, ignored };
}

/**
 * Reads a staff CSV as an HR system exports it: the first row names the columns (common names are
 * recognised whatever their case), each further row is a person. Every row is checked on its own,
 * so the preview can say what is wrong with each; nothing here knows the register (import-plan.ts
 * compares). Pure and synchronous: it runs on a worker thread (staff-csv.job.ts).
 */
export function readStaffCsv(text: string, agencyName: string): StaffCsv {
  const out: StaffCsv = { fileErrors: [], columns: [], ignored: [], rows: [], dateFormats: {} };
  const read = readCsvRecords(text, MAX_ROWS);
  if ('error' in read) {
    out.fileErrors.push(read.error);
    return out;
  }
  const [header, ...body] = read.records;
  if (!header || body.length === 0) {
    out.fileErrors.push(
      `The file has no people in it: the first row names the columns (${REQUIRED_WORDS}) and each row after it is a person`,
    );
    return out;
  }
  if (body.length > MAX_ROWS) {
    out.fileErrors.push(
      `The file has more than ${MAX_ROWS.toLocaleString('en-GB')} people: split it into smaller files`,
    );
    return out;
  }
  const names = header.record.map(shown);
  const { found, errors, ignored } = mapColumns(names);
  out.ignored = ignored;
  out.columns = [...found].map(([field, i]) => ({ field, column: names[i]!.trim() }));
  if (errors.length) {
    out.fileErrors.push(...errors);
    return out;
  }
  const agency = agencyName.trim().toLowerCase();
  for (const { record, line } of body) out.rows.push(readRow(record, line, found, agency, out.dateFormats));
  return out;
}

function readRow(
  cells: string[],
  line: number,
  found: Map<Field, number>,
  agency: string,
  formats: StaffCsv['dateFormats'],
): CsvRow {
  const errors: string[] = [];
  /** A cell's value; one with a control character is refused here, once, and kept only as shown. */
  const cell = (f: Field) => {
    const v = found.has(f) ? (cells[found.get(f)!] ?? '').trim() : '';
    if (!hasControlCharacter(v)) return v;
    errors.push(`${LABELS[f]} contains a character that is not allowed`);
    return shown(v);
  };
  const text = (f: Field, label: string, required: boolean) => {
    const v = cell(f);
    if (v.length > 200) errors.push(`${label} must be 200 characters or fewer`);
    else if (required && !v) errors.push(`${label} is empty`);
    return v.slice(0, 200);
  };
  const date = (f: Field, label: string) => {
    const v = cell(f);
    if (!v) return null;
    const read = readCsvDate(v, label);
    if ('error' in read) return void errors.push(read.error);
    if (read.format !== 'YYYY-MM-DD') formats[read.format] = (formats[read.format] ?? 0) + 1;
    return read.date;
  };
  const name = found.has('name')
    ? text('name', 'Full name', true)
    : `${text('firstName', 'First name', true)} ${text('lastName', 'Last name', true)}`.trim();
  const rawEmail = text('email', 'Work email', true).toLowerCase();
  if (rawEmail && !email.safeParse(rawEmail).success && !errors.some((e) => e.startsWith('Work email')))
    errors.push(`Work email “${rawEmail.slice(0, 60)}” is not an email address`);
  const employer = text('employer', 'Employer', false);
  const jobTitle = text('jobTitle', 'Job title', true);
  const startDate = date('startDate', 'Start date');
  if (startDate === null && !errors.some((e) => e.startsWith('Start date'))) errors.push('Start date is empty');
  const endDate = found.has('endDate') ? date('endDate', 'End date') : undefined;
  if (startDate && endDate && endDate < startDate) errors.push('End date is before the start date');
  const externalId = text('externalId', 'Employee ID', false) || undefined;
  const isAgency = !employer || ['agency', 'the agency', agency].includes(employer.toLowerCase());
  return {
    line,
    name,
    email: rawEmail,
    subcontractor: isAgency ? null : employer,
    jobTitle,
    startDate: startDate ?? '',
    ...(endDate !== undefined && { endDate }),
    ...(externalId !== undefined && { externalId }),
    errors,
  };
}
