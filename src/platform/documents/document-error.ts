import { DomainError } from '../kernel/index.ts';

/** Why an uploaded document was refused; stable so callers and tests can branch on it. */
export type DocumentErrorCode = 'too-large' | 'not-docx' | 'zip-bomb' | 'macros' | 'entities' | 'unreadable';

/**
 * A document was refused before or during conversion. The message is written for the person who
 * uploaded the file; the code is for programs. Extends DomainError so the HTTP error handler shows
 * it as a 413/422 with the message instead of a 500.
 */
export class DocumentError extends DomainError {
  declare readonly code: DocumentErrorCode;
  readonly status: number;

  constructor(code: DocumentErrorCode, message: string) {
    super(code, message);
    this.status = code === 'too-large' ? 413 : 422;
  }
}

export const refuse = {
  tooLarge: (maxBytes: number) =>
    new DocumentError('too-large', `The file must be smaller than ${Math.floor(maxBytes / (1024 * 1024))} MB`),
  notDocx: () => new DocumentError('not-docx', 'The file is not a Word document (.docx)'),
  zipBomb: () =>
    new DocumentError(
      'zip-bomb',
      'The file expands to far more data than a Word document should, so it was not opened',
    ),
  macros: () =>
    new DocumentError(
      'macros',
      'The file contains macros. Save it as a Word document (.docx) without macros and try again',
    ),
  entities: () =>
    new DocumentError(
      'entities',
      'The file contains XML features (DOCTYPE or ENTITY declarations) that are not allowed in a Word document',
    ),
  unreadable: () =>
    new DocumentError(
      'unreadable',
      'The file is damaged or uses features that cannot be read. Save it again in Word and try again',
    ),
};
