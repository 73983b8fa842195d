import { readGrantCsv, type GrantCsv } from './grant-csv.ts';

/**
 * Decodes and reads a grants CSV on a worker-pool thread, so a 50,000-row IAM export never occupies
 * the thread serving requests. UTF-8 first, else Windows-1252 (Excel's plain "CSV"), as the staff import does.
 */
export default function read(input: { bytes: Uint8Array }): GrantCsv {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input.bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(input.bytes);
  }
  return readGrantCsv(text);
}
