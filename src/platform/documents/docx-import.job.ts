import { DocumentError, type DocumentErrorCode } from './document-error.ts';
import { readDocx, type ImportedDocument } from './docx-import.ts';

/** What crosses back from the thread: an Error would lose its class (and so its status) on the way. */
export type DocxJobResult = { document: ImportedDocument } | { refused: { code: DocumentErrorCode; message: string } };

/** Runs on a worker-pool thread (see docx-off-thread.ts). */
export default async function read(bytes: Uint8Array): Promise<DocxJobResult> {
  try {
    return { document: await readDocx(bytes) };
  } catch (err) {
    if (err instanceof DocumentError) return { refused: { code: err.code, message: err.message } };
    throw err;
  }
}
