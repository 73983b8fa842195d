import { parse } from 'csv-parse/sync';

/** One CSV record and the line of the file it ends on (the header is line 1), as a spreadsheet numbers rows. */
export interface CsvRecord {
  record: string[];
  line: number;
}

/** A column name as matched against known names: no BOM, lower case, `_ . -` as spaces, single spaces. */
export const csvHeaderKey = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[_.-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

// C0 controls other than tab, and DEL: no export means them; they are refused rather than stored.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
/** Whether a cell holds a character no export means (refused on its row). */
export const hasControlCharacter = (v: string) => CONTROL.test(v);
/** What a preview keeps of a value with such a character (PostgreSQL cannot store NUL in text). */
export const shownCsvValue = (v: string) => v.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD');

/**
 * Reads CSV text as spreadsheets and HR or learning systems export it: a BOM, ragged rows, rows of
 * empty cells after the data and stray quotes inside values are all tolerated; at most `maxRows`
 * records after the header are read (one more is read so the caller can say the file is too long).
 * A file that is not CSV at all is an error naming the line near which reading stopped.
 */
export function readCsvRecords(text: string, maxRows: number): { records: CsvRecord[] } | { error: string } {
  try {
    // With `info`, each record comes as { record, info } (the library's types do not follow the option).
    const raw = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_quotes: true,
      info: true,
      max_record_size: 64 * 1024,
      to: maxRows + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return { records: raw.map((r) => ({ record: r.record, line: r.info.lines })) };
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return {
      error: `The file could not be read as CSV${line ? ` (near line ${line})` : ''}: check it was saved as CSV, with each quoted value closed`,
    };
  }
}

/** A file's bytes as text: UTF-8 first; Excel's plain "CSV" is Windows-1252, so a file that is not valid UTF-8 is read as that rather than refused. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
