import { z } from 'zod';
import { civilDateInLondon } from '../../platform/calendar/index.ts';
import {
  csvHeaderKey,
  DATE_FORMATS_ACCEPTED,
  hasControlCharacter,
  readCsvDate,
  readCsvRecords,
  shownCsvValue,
  type DateFormat,
} from '../personnel/index.ts';

/** The fields a learning system's export fills, and the column names (lower case, single spaces) each is known by. */
export const COMPLETION_COLUMNS = {
  email: [
    'learner email',
    'email',
    'email address',
    'work email',
    'user email',
    'learner email address',
    'user email address',
  ],
  externalId: [
    'employee id',
    'employee number',
    'employee no',
    'learner id',
    'staff number',
    'staff id',
    'external id',
    'user id',
  ],
  course: ['course name', 'course', 'course title', 'module', 'module name', 'learning item', 'content title', 'title'],
  courseCode: ['course code', 'course id', 'code', 'module code', 'learning item id', 'item id'],
  completedOn: [
    'completion date',
    'completed date',
    'completed on',
    'date completed',
    'completed',
    'completed at',
    'completion time',
    'date of completion',
  ],
  certificate: [
    'certificate id',
    'certificate number',
    'certificate',
    'certificate reference',
    'certificate ref',
    'completion id',
  ],
} as const;
export type CompletionField = keyof typeof COMPLETION_COLUMNS;

export const MAX_COMPLETION_ROWS = 100_000;
export const MAX_COMPLETION_CSV_BYTES = 20 * 1024 * 1024;

export const COMPLETION_DATES_ACCEPTED = `${DATE_FORMATS_ACCEPTED}. A time after the date is ignored; one with Z or an offset (2026-03-01T23:30:00Z) is read as the date it was in the UK`;

const LABELS: Record<CompletionField, string> = {
  email: 'Learner email',
  externalId: 'Employee ID',
  course: 'Course name',
  courseCode: 'Course code',
  completedOn: 'Completion date',
  certificate: 'Certificate ID',
};

/** A row read and checked on its own: whom and what it names, or why it cannot be used. */
export interface CompletionCsvRow {
  line: number;
  email?: string;
  externalId?: string;
  course?: string;
  courseCode?: string;
  completedOn: string;
  certificate?: string;
  errors: string[];
}

export interface CompletionsCsv {
  fileErrors: string[];
  columns: { field: CompletionField; column: string }[];
  ignored: string[];
  rows: CompletionCsvRow[];
  dateFormats: Partial<Record<DateFormat | 'with a time', number>>;
}

const email = z.email();
const TIME = /^(\S+?)(?:[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)$/i;

/**
 * A completion date as a learning system writes it: the staff import's formats, optionally with a
 * time after the date. A time with a zone is an instant, read as the UK date it fell on (a course
 * finished at 23:30Z on 31 July was finished on 1 August in the UK); a time without one is dropped.
 */
export function readCompletionDate(
  raw: string,
): { date: string; format: DateFormat | 'with a time' } | { error: string } {
  const s = raw.trim();
  const m = TIME.exec(s);
  if (!m) return readCsvDate(s, 'Completion date');
  if (m[3] && /^\d{4}-\d{2}-\d{2}$/.test(m[1]!)) {
    const instant = new Date(`${m[1]}T${m[2]!.padStart(5, '0')}${m[3].toUpperCase()}`);
    if (Number.isNaN(instant.getTime()))
      return { error: `Completion date “${s.slice(0, 40)}” is not a real date and time` };
    const day = readCsvDate(m[1]!, 'Completion date');
    return 'error' in day ? day : { date: civilDateInLondon(instant), format: 'with a time' };
  }
  const day = readCsvDate(m[1]!, 'Completion date');
  return 'error' in day ? day : { date: day.date, format: 'with a time' };
}

function mapColumns(header: string[]) {
  const found = new Map<CompletionField, number>();
  const errors: string[] = [];
  const ignored: string[] = [];
  const fields = Object.keys(COMPLETION_COLUMNS) as CompletionField[];
  header.forEach((h, i) => {
    const k = csvHeaderKey(h);
    const field = fields.find((f) => (COMPLETION_COLUMNS[f] as readonly string[]).includes(k));
    if (!field) return void (k && ignored.push(h.trim()));
    if (found.has(field))
      errors.push(
        `The columns “${header[found.get(field)!]!.trim()}” and “${h.trim()}” both give the ${LABELS[field].toLowerCase()}: keep one of them`,
      );
    else found.set(field, i);
  });
  const missing = [
    !found.has('email') && !found.has('externalId') && 'Learner email (or Employee ID)',
    !found.has('course') && !found.has('courseCode') && 'Course name (or Course code)',
    !found.has('completedOn') && 'Completion date',
  ].filter(Boolean);
  if (missing.length)
    errors.push(
      `The file has no ${missing.join(', ')} column. The first row must name the columns: the learner (email or employee ID), the course (name or code) and the completion date; a Certificate ID may be added.`,
    );
  return { found, errors, ignored };
}

/**
 * Reads a learning system's completions export (Moodle, Totara, Cornerstone, Docebo and the like
 * all give the learner, the course, the completion date and usually a certificate id), one row per
 * completion, each checked on its own. Nothing here knows the register (completions-plan.ts
 * matches); pure and synchronous, for the worker thread (completions-csv.job.ts).
 */
export function readCompletionsCsv(text: string): CompletionsCsv {
  const out: CompletionsCsv = { fileErrors: [], columns: [], ignored: [], rows: [], dateFormats: {} };
  const read = readCsvRecords(text, MAX_COMPLETION_ROWS);
  if ('error' in read) return { ...out, fileErrors: [read.error] };
  const [header, ...body] = read.records;
  if (!header || body.length === 0)
    return {
      ...out,
      fileErrors: [
        'The file has no completions in it: the first row names the columns and each row after it is a completion',
      ],
    };
  if (body.length > MAX_COMPLETION_ROWS)
    return {
      ...out,
      fileErrors: [
        `The file has more than ${MAX_COMPLETION_ROWS.toLocaleString('en-GB')} rows: split it into smaller files`,
      ],
    };
  const names = header.record.map(shownCsvValue);
  const { found, errors, ignored } = mapColumns(names);
  out.ignored = ignored;
  out.columns = [...found].map(([field, i]) => ({ field, column: names[i]!.trim() }));
  if (errors.length) return { ...out, fileErrors: errors };
  for (const { record, line } of body) out.rows.push(readRow(record, line, found, out.dateFormats));
  return out;
}

function readRow(
  cells: string[],
  line: number,
  found: Map<CompletionField, number>,
  formats: CompletionsCsv['dateFormats'],
): CompletionCsvRow {
  const errors: string[] = [];
  const cell = (f: CompletionField, max: number) => {
    let v = found.has(f) ? (cells[found.get(f)!] ?? '').trim() : '';
    if (hasControlCharacter(v)) {
      errors.push(`${LABELS[f]} contains a character that is not allowed`);
      v = shownCsvValue(v);
    }
    if (v.length > max) errors.push(`${LABELS[f]} must be ${max} characters or fewer`);
    return v.slice(0, max) || undefined;
  };
  const mail = cell('email', 200)?.toLowerCase();
  if (mail && !email.safeParse(mail).success)
    errors.push(`Learner email “${mail.slice(0, 60)}” is not an email address`);
  const externalId = cell('externalId', 200);
  if (!mail && !externalId) errors.push('The row names no learner: give their email or employee ID');
  const course = cell('course', 200);
  const courseCode = cell('courseCode', 100);
  if (!course && !courseCode) errors.push('The row names no course: give its name or code');
  const rawDate = cell('completedOn', 60);
  let completedOn = '';
  if (!rawDate) errors.push('Completion date is empty');
  else {
    const d = readCompletionDate(rawDate);
    if ('error' in d) errors.push(d.error);
    else {
      completedOn = d.date;
      if (d.format !== 'YYYY-MM-DD') formats[d.format] = (formats[d.format] ?? 0) + 1;
    }
  }
  const certificate = cell('certificate', 400);
  return {
    line,
    ...(mail && { email: mail }),
    ...(externalId && { externalId }),
    ...(course && { course }),
    ...(courseCode && { courseCode }),
    completedOn,
    ...(certificate && { certificate }),
    errors,
  };
}
