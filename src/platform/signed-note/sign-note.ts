import { sign } from 'node:crypto';
import { isCleanNoteText, isValidKeyName } from './encoding.ts';
import { SignedNoteError } from './errors.ts';
import type { Signer } from './keys.ts';

/** U+2014 EM DASH and a space: the prefix of every signature line. */
export const SIGNATURE_PREFIX = '\u2014 ';

/**
 * Checks the rules a note text must meet before it is signed: non-empty, ending in a newline, and
 * free of control characters other than newline (and of lone surrogates, which have no UTF-8 form).
 */
export function assertNoteText(text: string): void {
  if (text.length === 0) throw new SignedNoteError('invalid_note_text', 'Note text is empty');
  if (!text.endsWith('\n')) throw new SignedNoteError('invalid_note_text', 'Note text must end with a newline');
  if (!isCleanNoteText(text)) {
    throw new SignedNoteError(
      'invalid_note_text',
      'Note text must be valid UTF-8 with no control characters other than newline',
    );
  }
}

/**
 * Signs `text` with each signer and returns the signed note: the text, a blank line, then one
 * `— <name> <base64(key hash ‖ signature)>` line per signer, in the order given.
 */
export function signNote(text: string, signers: readonly Signer[]): string {
  assertNoteText(text);
  if (signers.length === 0) throw new SignedNoteError('invalid_note_text', 'A signed note needs at least one signer');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    // Signer objects can be built by hand, so the name is re-checked: a bad one would corrupt the note.
    if (!isValidKeyName(signer.name)) {
      throw new SignedNoteError(
        'invalid_key_name',
        `Signer name ${JSON.stringify(signer.name)} is not a valid key name`,
      );
    }
    if (signer.keyHash.length !== 4)
      throw new SignedNoteError('malformed_key', `Signer ${signer.name} has a key hash that is not 4 bytes`);
    let signature: Buffer;
    try {
      signature = sign(null, message, signer.privateKey);
    } catch (cause) {
      throw new SignedNoteError(
        'unsupported_key_type',
        `Signer ${signer.name} could not sign: ${(cause as Error).message}`,
      );
    }
    if (signature.length !== 64)
      throw new SignedNoteError('unsupported_key_type', `Signer ${signer.name} is not an Ed25519 key`);
    return `${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([signer.keyHash, signature]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}
