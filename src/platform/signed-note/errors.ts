/**
 * Why a signed-note operation failed. Callers switch on `code`; `message` is written for an operator
 * reading a log line, so it names the key or line at fault.
 */
export type SignedNoteErrorCode =
  | 'invalid_key_name' // a key name is empty or holds whitespace, '+' or control characters
  | 'malformed_key' // a vkey/skey string does not have the <name>+<hash>+<base64> shape
  | 'key_hash_mismatch' // the 4-byte key hash does not match the name and public key
  | 'unsupported_key_type' // the type byte is not 0x01 (Ed25519)
  | 'invalid_note_text' // text given to signNote breaks the note rules
  | 'malformed_note' // a signed note does not parse
  | 'note_too_large' // over the byte or signature-count limit
  | 'ambiguous_key' // two different trusted keys share a name and key hash
  | 'invalid_signature' // a signature from a trusted key does not verify
  | 'unverified_note' // no signature from a trusted key
  | 'malformed_checkpoint' // note text is not a valid tlog-checkpoint
  | 'key_file'; // the private key file is unreadable, corrupt, for another name, or too open

/** The only error type this library throws; anything else escaping it is a bug. */
export class SignedNoteError extends Error {
  constructor(
    public readonly code: SignedNoteErrorCode,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SignedNoteError';
  }
}
