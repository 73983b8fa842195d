import { decodeBase64Strict, isCleanNoteText } from './encoding.ts';
import { SignedNoteError } from './errors.ts';

/** The body of a C2SP tlog-checkpoint: a log's Merkle tree head at one size. */
export interface Checkpoint {
  /** Unique identity of the log, e.g. `example.com/log42`; conventionally also the signing key's name. */
  readonly origin: string;
  /** Number of leaves. Kept as a JS number, so limited to Number.MAX_SAFE_INTEGER (2^53 − 1). */
  readonly size: number;
  /** The 32-byte RFC 6962 root hash at `size`. */
  readonly rootHash: Uint8Array;
  /** Opaque, non-empty extra lines. The spec does not recommend them: monitors cannot audit them. */
  readonly extensions?: readonly string[];
}

const bad = (why: string) => new SignedNoteError('malformed_checkpoint', `Malformed checkpoint: ${why}`);

// A checkpoint line must be non-empty and single-line; control characters are banned by the note format.
function assertLine(line: string, what: string): void {
  if (line.length === 0) throw bad(`${what} is empty`);
  if (line.includes('\n') || !isCleanNoteText(line)) throw bad(`${what} contains a newline or control character`);
}

/** Formats the note text of a checkpoint (origin, decimal size, base64 root hash, extensions). */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  assertLine(origin, 'origin');
  if (!Number.isSafeInteger(size) || size < 0) throw bad(`tree size ${size} is not a non-negative safe integer`);
  if (rootHash.length !== 32) throw bad(`root hash is ${rootHash.length} bytes, not 32`);
  extensions.forEach((line, i) => assertLine(line, `extension line ${i + 1}`));
  const lines = [origin, String(size), Buffer.from(rootHash).toString('base64'), ...extensions];
  return `${lines.join('\n')}\n`;
}

/**
 * Parses checkpoint note text strictly (as returned by `openNote`): at least three non-empty lines,
 * a size with no leading zeros or sign, and a root hash that is canonical base64 of exactly 32 bytes.
 */
export function parseCheckpoint(text: string): Checkpoint & { extensions: string[] } {
  if (!text.endsWith('\n')) throw bad('text does not end with a newline');
  if (!isCleanNoteText(text)) throw bad('text contains a control character other than newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw bad(`expected at least 3 lines (origin, size, root hash), got ${lines.length}`);
  const [origin, sizeText, hashText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw bad('origin line is empty');
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeText)) {
    throw bad(`tree size ${JSON.stringify(sizeText)} is not a decimal number without leading zeros`);
  }
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size))
    throw bad(`tree size ${sizeText} is larger than this implementation supports (2^53 − 1)`);
  const rootHash = decodeBase64Strict(hashText);
  if (!rootHash) throw bad('root hash is not canonical base64');
  if (rootHash.length !== 32) throw bad(`root hash is ${rootHash.length} bytes, not 32`);
  extensions.forEach((line, i) => {
    if (line.length === 0) throw bad(`extension line ${i + 1} is empty`);
  });
  return { origin, size, rootHash, extensions };
}
