import { WorkerBusyError, WorkerTimeoutError, type WorkerJob, type WorkerPool } from '../workers/index.ts';
import { DocumentError, refuse } from './document-error.ts';
import type { DocxJobResult } from './docx-import.job.ts';
import type { ImportedDocument } from './docx-import.ts';

const job: WorkerJob<Uint8Array, DocxJobResult> = {
  module: new URL('./docx-import.job.ts', import.meta.url),
  busy: 'Word import is busy: try again in a minute.',
  tooLong:
    'This document took too long to read and was stopped. Save it again in Word, or split it into smaller documents, and try again.',
};

/**
 * readDocx on a worker-pool thread, so a large or hostile document occupies that thread and never
 * the one serving requests. Throws DocumentError as readDocx does, and WorkerBusyError or
 * WorkerTimeoutError (each with a message for the person importing) when the pool refused the
 * job or stopped it.
 */
export async function readDocxOffThread(workers: WorkerPool, bytes: Uint8Array): Promise<ImportedDocument> {
  let result: DocxJobResult;
  try {
    result = await workers.run(job, bytes);
  } catch (err) {
    if (err instanceof WorkerBusyError || err instanceof WorkerTimeoutError) throw err;
    // The thread itself failed (out of memory on a hostile file, say): the file could not be read.
    throw refuse.unreadable();
  }
  if ('refused' in result) throw new DocumentError(result.refused.code, result.refused.message);
  return result.document;
}
