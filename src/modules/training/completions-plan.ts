import type { CompletionCsvRow, CompletionsCsv } from './completions-csv.ts';

/** A completion the import adds. */
export interface NewCompletion {
  line: number;
  personId: string;
  personName: string;
  courseId: string;
  courseName: string;
  completedOn: string;
  evidenceRef: string;
}

/** What applying the file would do, kept server-side between the preview and the apply. */
export interface CompletionsPreview {
  fileName: string;
  fileErrors: string[];
  columns: CompletionsCsv['columns'];
  ignored: string[];
  dateFormats: CompletionsCsv['dateFormats'];
  rows: number;
  added: NewCompletion[];
  /** Rows already recorded (or repeated in the file): nothing to add. */
  unchanged: number;
  errors: { line: number; name: string; messages: string[] }[];
}

export interface PlanPerson {
  id: string;
  name: string;
  email: string;
  externalId: string | null;
}
export interface PlanCourse {
  id: string;
  name: string;
  code: string | null;
}

const who = (r: CompletionCsvRow) => r.email ?? r.externalId ?? '(no learner)';

/**
 * Matches a read completions export with the register and the courses: the learner by employee ID
 * when the row has one the register knows, else by email; the course by code when the row has one
 * a course has, else by name (case-insensitive). A completion already recorded is unchanged; any
 * error anywhere means nothing is applied, so a file is corrected and sent again.
 */
export function planCompletions(
  fileName: string,
  csv: CompletionsCsv,
  people: PlanPerson[],
  courses: PlanCourse[],
  recorded: Set<string>,
  today: string,
): CompletionsPreview {
  const preview: CompletionsPreview = {
    fileName,
    fileErrors: csv.fileErrors,
    columns: csv.columns,
    ignored: csv.ignored,
    dateFormats: csv.dateFormats,
    rows: csv.rows.length,
    added: [],
    unchanged: 0,
    errors: [],
  };
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  const byExternal = new Map(people.filter((p) => p.externalId).map((p) => [p.externalId!, p]));
  const byCode = new Map(courses.filter((c) => c.code).map((c) => [c.code!.toLowerCase(), c]));
  const byName = new Map(courses.map((c) => [c.name.trim().toLowerCase(), c]));
  const seen = new Set(recorded);
  for (const r of csv.rows) {
    const errors = [...r.errors];
    const viaId = r.externalId ? byExternal.get(r.externalId) : undefined;
    const viaEmail = r.email ? byEmail.get(r.email) : undefined;
    if (viaId && viaEmail && viaId.id !== viaEmail.id)
      errors.push(`Employee ID ${r.externalId} is ${viaId.name}’s, but the email is ${viaEmail.name}’s`);
    const person = viaId ?? viaEmail;
    if (!person && (r.email || r.externalId))
      errors.push(
        `No one on the Agency Staff register has ${r.externalId && !viaEmail ? `employee ID ${r.externalId}` : `the email ${r.email}`}: add them to the register first`,
      );
    const course =
      (r.courseCode ? byCode.get(r.courseCode.toLowerCase()) : undefined) ??
      (r.course ? byName.get(r.course.toLowerCase()) : undefined);
    if (!course && (r.course || r.courseCode))
      errors.push(
        `No course of this contract is called “${r.course ?? r.courseCode}”: add the course (or its code) first, or leave the row out`,
      );
    if (r.completedOn && r.completedOn > today) errors.push('Completion date is in the future');
    if (errors.length || !person || !course) {
      preview.errors.push({ line: r.line, name: person?.name ?? who(r), messages: errors });
      continue;
    }
    const key = `${person.id}|${course.id}|${r.completedOn}`;
    if (seen.has(key)) {
      preview.unchanged++;
      continue;
    }
    seen.add(key);
    preview.added.push({
      line: r.line,
      personId: person.id,
      personName: person.name,
      courseId: course.id,
      courseName: course.name,
      completedOn: r.completedOn,
      evidenceRef: r.certificate ? `Certificate ${r.certificate}` : `${fileName}, row ${r.line}`,
    });
  }
  return preview;
}
