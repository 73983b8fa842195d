import crypto from 'node:crypto';

/** Bytes in every Merkle hash (SHA-256). */
export const HASH_SIZE = 32;

// Every hash here covers ≤ 65 bytes, so per-call overhead, not SHA-256 itself, sets the speed.
// Measured on Node 20: crypto.hash(…, 'latin1') costs ~250 ns, the same call returning a Buffer
// ~750–1500 ns (each result gets its own native backing store, which also loads the GC), and
// createHash().update().digest() ~2 µs. So digest to a latin1 string and write its 32 code units
// into a pooled Buffer (allocUnsafe) or straight into the caller's tile buffer.
const digestLatin1: (data: Uint8Array | string) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'binary') // 'binary' is Node's alias for latin1
    : (data) => crypto.createHash('sha256').update(data).digest('binary');

function digest(data: Uint8Array | string): Buffer {
  const out = Buffer.allocUnsafe(HASH_SIZE);
  out.write(digestLatin1(data), 0, HASH_SIZE, 'latin1');
  return out;
}

// One scratch buffer holds the domain-separation prefix and the input, so hashing copies instead
// of concatenating. Safe because hashing is synchronous: nothing runs between fill and hash.
const SCRATCH_SIZE = 4096;
const scratch = Buffer.alloc(SCRATCH_SIZE);
// crypto.hash needs an exact-length view; cache one per length rather than slice per call.
const scratchViews: Buffer[] = [];
const scratchView = (length: number): Buffer => (scratchViews[length] ??= scratch.subarray(0, length));

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** RFC 9162 §2.1.1 leaf hash: SHA-256(0x00 ‖ data). Strings are hashed as their UTF-8 bytes. */
export function leafHash(data: Uint8Array | string): Uint8Array {
  // crypto.hash encodes string input as UTF-8, and U+0000 encodes as the single byte 0x00.
  if (typeof data === 'string') return digest('\u0000' + data);
  if (data.length < SCRATCH_SIZE) {
    scratch[0] = LEAF_PREFIX;
    scratch.set(data, 1);
    return digest(scratchView(1 + data.length));
  }
  return crypto.createHash('sha256').update(Uint8Array.of(LEAF_PREFIX)).update(data).digest();
}

const NODE_INPUT = 1 + 2 * HASH_SIZE;

/** RFC 9162 §2.1.1 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    scratch[0] = NODE_PREFIX;
    scratch.set(left, 1);
    scratch.set(right, 1 + HASH_SIZE);
    return digest(scratchView(NODE_INPUT));
  }
  // Only test vectors hash children that are not 32-byte hashes; no need to be fast here.
  return crypto.createHash('sha256').update(Uint8Array.of(NODE_PREFIX)).update(left).update(right).digest();
}

/**
 * Writes the node hash of the two children stored back to back at `from` in `src` (64 bytes) to
 * `to` in `out`: the allocation-free step for hashing up tiles level by level.
 */
export function pairHashInto(src: Buffer, from: number, out: Buffer, to: number): void {
  scratch[0] = NODE_PREFIX;
  src.copy(scratch, 1, from, from + 2 * HASH_SIZE);
  out.write(digestLatin1(scratchView(NODE_INPUT)), to, HASH_SIZE, 'latin1');
}

/** A Buffer over the same bytes (no copy), so tile maths can use Buffer.copy and write. */
export const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const EMPTY_ROOT = digest(new Uint8Array(0));

/** Root of the empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1). A fresh copy each call. */
export const emptyRoot = (): Uint8Array => Buffer.from(EMPTY_ROOT);

/** Byte-wise equality of two hashes (lengths must match). Not constant-time: hashes are public. */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
