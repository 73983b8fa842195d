import { createHash } from 'node:crypto';
import { SignedNoteError, type SignedNoteErrorCode } from './errors.ts';

/** Signature type byte for Ed25519 (C2SP signed-note § Signature types). */
export const ED25519_TYPE = 0x01;

// Canonical RFC 4648 §4 base64 with padding. Buffer.from(…, 'base64') silently skips junk, accepts
// the URL alphabet and missing padding, so it cannot be used on untrusted input on its own.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard base64 strictly, returning undefined for anything non-canonical. Rejecting
 * non-zero padding bits matters: otherwise two different signature lines decode to the same bytes,
 * and "any changed byte fails verification" would not hold.
 */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

// Unicode White_Space is exactly what Go's unicode.IsSpace (used by x/mod/sumdb/note) rejects.
const BAD_NAME_CHAR = /[\p{White_Space}+\p{Cc}\p{Cs}]/u;

/** A key name is non-empty and holds no Unicode space, '+', control character or lone surrogate. */
export const isValidKeyName = (name: string): boolean => name.length > 0 && !BAD_NAME_CHAR.test(name);

/** Throws `code` unless `name` is a valid key name. */
export function assertKeyName(name: string, code: SignedNoteErrorCode = 'invalid_key_name'): void {
  if (!isValidKeyName(name)) {
    throw new SignedNoteError(
      code,
      `Key name ${JSON.stringify(name)} is invalid: it must be non-empty and contain no spaces, '+' or control characters`,
    );
  }
}

// Control characters other than newline, and lone surrogates (which have no UTF-8 encoding).
const BAD_NOTE_CHAR = /[\x00-\x09\x0B-\x1F]|\p{Cs}/u;

/** True if the string is encodable as UTF-8 and has no ASCII control characters except newline. */
export const isCleanNoteText = (text: string): boolean => !BAD_NOTE_CHAR.test(text);

/** The 4-byte key hash: SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], big-endian as stored. */
export function computeKeyHash(name: string, typedPublicKey: Uint8Array): Buffer {
  return createHash('sha256').update(name, 'utf8').update('\n').update(typedPublicKey).digest().subarray(0, 4);
}

/** Eight lowercase hex digits, the form used in vkeys and messages. */
export const keyHashHex = (keyHash: Uint8Array): string => Buffer.from(keyHash).toString('hex');
