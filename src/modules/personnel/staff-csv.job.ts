import { readStaffCsv, type StaffCsv } from './staff-csv.ts';

/**
 * Decodes and reads a staff CSV on a worker-pool thread (staff-import.service.ts), so a 50,000-row
 * file occupies that thread and never the one serving requests. UTF-8 first; Excel's plain "CSV"
 * is Windows-1252, so a file that is not valid UTF-8 is read as that rather than refused.
 */
export default function read(input: { bytes: Uint8Array; agencyName: string }): StaffCsv {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input.bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(input.bytes);
  }
  return readStaffCsv(text, input.agencyName);
}
