import { decodeCsvBytes } from './csv-records.ts';
import { readStaffCsv, type StaffCsv } from './staff-csv.ts';

/**
 * Decodes and reads a staff CSV on a worker-pool thread (staff-import.service.ts), so a 50,000-row
 * file occupies that thread and never the one serving requests.
 */
export default function read(input: { bytes: Uint8Array; agencyName: string }): StaffCsv {
  return readStaffCsv(decodeCsvBytes(input.bytes), input.agencyName);
}
