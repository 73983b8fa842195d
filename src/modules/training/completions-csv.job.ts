import { decodeCsvBytes } from '../personnel/index.ts';
import { readCompletionsCsv, type CompletionsCsv } from './completions-csv.ts';

/** Decodes and reads a completions export on a worker-pool thread, so a large file never occupies the thread serving requests. */
export default function read(input: { bytes: Uint8Array }): CompletionsCsv {
  return readCompletionsCsv(decodeCsvBytes(input.bytes));
}
