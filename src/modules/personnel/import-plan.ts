import type { PersonRow } from './personnel.repository.ts';
import type { CsvRow, StaffCsv } from './staff-csv.ts';

/** A person the import adds. */
export type NewPerson = Omit<CsvRow, 'errors' | 'endDate' | 'externalId'> & {
  endDate: string | null;
  externalId: string | null;
};

/** The columns of a person's row the apply step writes. */
export type PersonSet = Partial<
  Pick<
    PersonRow,
    'name' | 'name_key' | 'email' | 'subcontractor' | 'job_title' | 'start_date' | 'end_date' | 'external_id'
  >
>;

/** One field of a person that the import changes, in words for the preview. */
export interface FieldChange {
  field: 'name' | 'email' | 'employer' | 'jobTitle' | 'startDate' | 'endDate' | 'externalId';
  from: string | null;
  to: string | null;
}

/** What applying the file would do, kept server-side between the preview and the apply. */
export interface ImportPreview {
  fileName: string;
  fileErrors: string[];
  columns: StaffCsv['columns'];
  ignored: string[];
  dateFormats: StaffCsv['dateFormats'];
  rows: number;
  added: NewPerson[];
  changed: { line: number; id: string; name: string; changes: FieldChange[]; set: PersonSet }[];
  unchanged: number;
  errors: { line: number; name: string; messages: string[] }[];
}

export const FIELD_LABELS: Record<FieldChange['field'], string> = {
  name: 'Name',
  email: 'Work email',
  employer: 'Employer',
  jobTitle: 'Job title',
  startDate: 'Start date',
  endDate: 'End date',
  externalId: 'Employee ID',
};

/** The same person twice in one file, by email or employee id: both rows are refused. */
function duplicatesWithin(rows: CsvRow[]) {
  const seen = new Map<string, number>();
  const clash = (key: string, line: number, what: string, other: Map<number, string[]>) => {
    const first = seen.get(key);
    if (first === undefined) return void seen.set(key, line);
    (other.get(line) ?? other.set(line, []).get(line)!).push(`The same ${what} as row ${first}: each person once`);
    (other.get(first) ?? other.set(first, []).get(first)!).push(`The same ${what} as row ${line}: each person once`);
  };
  const found = new Map<number, string[]>();
  for (const r of rows) {
    if (r.email) clash(`e:${r.email}`, r.line, 'work email', found);
    if (r.externalId) clash(`x:${r.externalId}`, r.line, 'employee ID', found);
  }
  return found;
}

/**
 * Compares a read staff CSV with the register: who is new, what changes for whom (old → new), who
 * is unchanged, and the errors per row. People are matched by employee ID when the row has one the
 * register knows, else by work email. People the file does not mention are left as they are. Any
 * error anywhere means nothing is applied (the preview says so), so a file is fixed and sent again.
 */
export function planImport(fileName: string, csv: StaffCsv, existing: PersonRow[], agencyName: string): ImportPreview {
  const preview: ImportPreview = {
    fileName,
    fileErrors: csv.fileErrors,
    columns: csv.columns,
    ignored: csv.ignored,
    dateFormats: csv.dateFormats,
    rows: csv.rows.length,
    added: [],
    changed: [],
    unchanged: 0,
    errors: [],
  };
  const byEmail = new Map(existing.map((p) => [p.email, p]));
  const byExternal = new Map(existing.filter((p) => p.external_id).map((p) => [p.external_id!, p]));
  const within = duplicatesWithin(csv.rows);
  const matched = new Map<string, number>();
  const employer = (s: string | null) => s ?? agencyName;
  for (const r of csv.rows) {
    const errors = [...r.errors, ...(within.get(r.line) ?? [])];
    const viaId = r.externalId ? byExternal.get(r.externalId) : undefined;
    const viaEmail = byEmail.get(r.email);
    if (viaId && viaEmail && viaId.id !== viaEmail.id)
      errors.push(`Employee ID ${r.externalId} is ${viaId.name}’s, but the work email is ${viaEmail.name}’s`);
    const match = viaId ?? viaEmail;
    if (match && r.externalId && match.external_id && match.external_id !== r.externalId)
      errors.push(
        `The register has employee ID ${match.external_id} for ${match.name}, the file ${r.externalId}: correct the file or the person’s record`,
      );
    if (match && matched.has(match.id) && !within.has(r.line))
      errors.push(`Row ${matched.get(match.id)} is also ${match.name}: each person once`);
    if (match) matched.set(match.id, r.line);
    if (errors.length) {
      preview.errors.push({ line: r.line, name: r.name || r.email || '(no name)', messages: errors });
      continue;
    }
    if (!match) {
      preview.added.push({
        line: r.line,
        name: r.name,
        email: r.email,
        subcontractor: r.subcontractor,
        jobTitle: r.jobTitle,
        startDate: r.startDate,
        endDate: r.endDate ?? null,
        externalId: r.externalId ?? null,
      });
      continue;
    }
    const changes: FieldChange[] = [];
    const set: PersonSet = {};
    const put = (field: FieldChange['field'], from: string | null, to: string | null, columns: PersonSet) => {
      if (from === to) return;
      changes.push({ field, from, to });
      Object.assign(set, columns);
    };
    put('name', match.name, r.name, { name: r.name, name_key: r.name.toLowerCase() });
    put('email', match.email, r.email, { email: r.email });
    if (match.subcontractor !== r.subcontractor)
      put('employer', employer(match.subcontractor), employer(r.subcontractor), { subcontractor: r.subcontractor });
    put('jobTitle', match.job_title, r.jobTitle, { job_title: r.jobTitle });
    put('startDate', match.start_date, r.startDate, { start_date: r.startDate });
    if (r.endDate !== undefined) put('endDate', match.end_date, r.endDate, { end_date: r.endDate });
    if (r.externalId !== undefined) put('externalId', match.external_id, r.externalId, { external_id: r.externalId });
    if (changes.length) preview.changed.push({ line: r.line, id: match.id, name: match.name, changes, set });
    else preview.unchanged++;
  }
  return preview;
}
