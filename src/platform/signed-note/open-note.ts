import { verify } from 'node:crypto';
import { decodeBase64Strict, isCleanNoteText, isValidKeyName, keyHashHex } from './encoding.ts';
import { SignedNoteError } from './errors.ts';
import type { Verifier } from './keys.ts';
import { SIGNATURE_PREFIX } from './sign-note.ts';

/** Default cap on a signed note's size; generous for checkpoints with post-quantum cosignatures. */
export const DEFAULT_MAX_NOTE_BYTES = 1024 * 1024;
/** Default cap on signature lines (x/mod/sumdb/note's value; the spec requires at least 16). */
export const DEFAULT_MAX_SIGNATURES = 100;

/** One signature line, decoded. */
export interface NoteSignature {
  readonly name: string;
  /** The 4-byte key hash as 8 lowercase hex digits. */
  readonly keyHash: string;
  /** The base64 exactly as it appeared on the line (key hash ‖ signature). */
  readonly base64: string;
}

/** A note whose text is vouched for by at least one trusted key. */
export interface OpenedNote {
  /** The signed text, including its final newline. */
  readonly text: string;
  /** Names of trusted keys whose signatures verified, each once, in note order. */
  readonly verifiedBy: string[];
  readonly verified: NoteSignature[];
  /** Signatures by keys not in the trusted list: ignored, as the spec requires, but reported. */
  readonly unverified: NoteSignature[];
}

/** Limits that bound the work an untrusted note can cause. */
export interface OpenNoteOptions {
  /** Refuse notes larger than this many UTF-8 bytes (default DEFAULT_MAX_NOTE_BYTES). */
  readonly maxBytes?: number;
  /** Refuse notes with more signature lines than this (default DEFAULT_MAX_SIGNATURES). */
  readonly maxSignatures?: number;
}

const malformed = (why: string) => new SignedNoteError('malformed_note', `Malformed signed note: ${why}`);

/**
 * Parses a signed note and checks its signatures against `verifiers`. Throws SignedNoteError if
 * the note is malformed or too large, if any signature by a trusted key fails (the spec's SHOULD,
 * taken as MUST here), or if no trusted key signed it.
 */
export function openNote(
  signed: string | Uint8Array,
  verifiers: readonly Verifier[],
  options: OpenNoteOptions = {},
): OpenedNote {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_NOTE_BYTES;
  const maxSignatures = options.maxSignatures ?? DEFAULT_MAX_SIGNATURES;
  const note = decode(signed, maxBytes);
  if (!isCleanNoteText(note))
    throw malformed('it contains a control character other than newline or is not valid UTF-8');

  // The text ends at the last blank line, so the text itself may contain blank lines.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed('there is no blank line between the text and the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0) throw malformed('there are no signature lines');
  if (!block.endsWith('\n')) throw malformed('the last signature line does not end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > maxSignatures) {
    throw new SignedNoteError(
      'note_too_large',
      `Signed note has ${lines.length} signatures; at most ${maxSignatures} are accepted`,
    );
  }

  const trusted = indexVerifiers(verifiers);
  const message = Buffer.from(text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenUnknown = new Set<string>();
  lines.forEach((line, i) => {
    const { signature, bytes } = parseLine(line, i + 1);
    const id = `${signature.name}+${signature.keyHash}`;
    const candidates = trusted.get(id);
    if (!candidates) {
      // Identical repeated lines from unknown keys are reported once.
      if (!seenUnknown.has(line)) unverified.push(signature);
      seenUnknown.add(line);
      return;
    }
    if (candidates.length > 1) throw new SignedNoteError('ambiguous_key', `Two different trusted keys are named ${id}`);
    // Every signature by a trusted key is checked, duplicates included: one bad one rejects the note.
    if (!verifyEd25519(candidates[0]!, message, bytes.subarray(4))) {
      throw new SignedNoteError('invalid_signature', `Signature by trusted key ${id} does not verify`, {
        name: signature.name,
        keyHash: signature.keyHash,
      });
    }
    verified.push(signature);
  });
  if (verified.length === 0) {
    throw new SignedNoteError(
      'unverified_note',
      `Signed note has no signature from a trusted key (${unverified.length} from unknown keys)`,
      { unverified },
    );
  }
  return { text, verifiedBy: [...new Set(verified.map((s) => s.name))], verified, unverified };
}

function decode(signed: string | Uint8Array, maxBytes: number): string {
  // A string's UTF-16 length never exceeds its UTF-8 length, so the first test is a cheap early out.
  const size =
    typeof signed === 'string'
      ? signed.length > maxBytes
        ? signed.length
        : Buffer.byteLength(signed, 'utf8')
      : signed.length;
  if (size > maxBytes)
    throw new SignedNoteError('note_too_large', `Signed note is ${size} bytes; at most ${maxBytes} are accepted`);
  if (typeof signed === 'string') return signed;
  try {
    // ignoreBOM keeps a leading U+FEFF in the text rather than silently dropping signed bytes.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(signed);
  } catch {
    throw malformed('it is not valid UTF-8');
  }
}

function parseLine(line: string, n: number): { signature: NoteSignature; bytes: Buffer } {
  if (!line.startsWith(SIGNATURE_PREFIX))
    throw malformed(`signature line ${n} does not start with an em dash (U+2014) and a space`);
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  if (!isValidKeyName(name)) throw malformed(`signature line ${n} has an invalid key name ${JSON.stringify(name)}`);
  const base64 = space < 0 ? '' : rest.slice(space + 1);
  const bytes = decodeBase64Strict(base64);
  if (!bytes || bytes.length < 5)
    throw malformed(`signature line ${n} (${name}) does not hold a base64 key hash and signature`);
  return { signature: { name, keyHash: keyHashHex(bytes.subarray(0, 4)), base64 }, bytes };
}

function indexVerifiers(verifiers: readonly Verifier[]): Map<string, Verifier[]> {
  const map = new Map<string, Verifier[]>();
  for (const v of verifiers) {
    const id = `${v.name}+${keyHashHex(v.keyHash)}`;
    const list = map.get(id) ?? [];
    // The same key listed twice is harmless; two keys sharing name and hash are only an error if used.
    if (!list.some((other) => other.vkey === v.vkey)) list.push(v);
    map.set(id, list);
  }
  return map;
}

function verifyEd25519(verifier: Verifier, message: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, message, verifier.publicKey, signature);
  } catch {
    return false; // e.g. a hand-built Verifier holding a non-Ed25519 key
  }
}
