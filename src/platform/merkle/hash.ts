import crypto from 'node:crypto';

/** Bytes in every Merkle hash (SHA-256). */
export const HASH_SIZE = 32;

// Every hash here covers a few hundred bytes at most, so per-call overhead, not SHA-256 itself,
// sets the speed. Measured on Node 20: crypto.hash(…, 'binary') (a latin1 string) costs ~250 ns,
// the same call returning a Buffer ~750–1500 ns (each result gets its own native backing store,
// which also loads the GC), createHash().update().digest() ~2 µs. So digest to a string and write
// it into the destination: Buffer#write as latin1 (~80 ns) when it is a Buffer, as it is on every
// hot path. Copying the 32 code units by charCodeAt is about as fast only until some module builds
// an object on String.prototype (nunjucks' SafeString does, and the app loads it): then V8 stops
// inlining charCodeAt, and a node hash took ~0.55–0.9 µs instead of ~0.3.
const digestBinary: (data: Uint8Array | string) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'binary') // 'binary' is Node's alias for latin1
    : (data) => crypto.createHash('sha256').update(data).digest('binary');

function digestInto(data: Uint8Array | string, out: Uint8Array, offset: number): void {
  const d = digestBinary(data);
  if (Buffer.isBuffer(out)) out.write(d, offset, HASH_SIZE, 'latin1');
  else for (let i = 0; i < HASH_SIZE; i++) out[offset + i] = d.charCodeAt(i);
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
  const out = Buffer.allocUnsafe(HASH_SIZE);
  leafHashInto(data, out, 0);
  return out;
}

/** `leafHash` written into `out` at `offset`, allocating nothing (for bulk verification). */
export function leafHashInto(data: Uint8Array | string, out: Uint8Array, offset: number): void {
  // crypto.hash encodes string input as UTF-8, and U+0000 encodes as the single byte 0x00.
  if (typeof data === 'string') return digestInto('\u0000' + data, out, offset);
  if (data.length < SCRATCH_SIZE) {
    scratch[0] = LEAF_PREFIX;
    scratch.set(data, 1);
    return digestInto(scratchView(1 + data.length), out, offset);
  }
  out.set(crypto.createHash('sha256').update(Uint8Array.of(LEAF_PREFIX)).update(data).digest(), offset);
}

const NODE_INPUT = 1 + 2 * HASH_SIZE;

/** RFC 9162 §2.1.1 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    scratch[0] = NODE_PREFIX;
    scratch.set(left, 1);
    scratch.set(right, 1 + HASH_SIZE);
    const out = Buffer.allocUnsafe(HASH_SIZE);
    digestInto(scratchView(NODE_INPUT), out, 0);
    return out;
  }
  // Only test vectors hash children that are not 32-byte hashes; no need to be fast here.
  return crypto.createHash('sha256').update(Uint8Array.of(NODE_PREFIX)).update(left).update(right).digest();
}

/**
 * Writes the node hash of the two children stored back to back at `from` in `src` (64 bytes) to
 * `to` in `out`: the allocation-free step for hashing up tiles level by level.
 */
export function pairHashInto(src: Buffer, from: number, out: Uint8Array, to: number): void {
  scratch[0] = NODE_PREFIX;
  // Buffer#copy takes offsets, where Uint8Array#set would need a subarray view per call.
  src.copy(scratch, 1, from, from + 2 * HASH_SIZE);
  digestInto(scratchView(NODE_INPUT), out, to);
}

/** A Buffer over the same bytes (no copy), so tile maths can use Buffer.copy and write. */
export const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const EMPTY_ROOT = crypto.createHash('sha256').digest();

/** Root of the empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1). A fresh copy each call. */
export const emptyRoot = (): Uint8Array => Buffer.from(EMPTY_ROOT);

/** Byte-wise equality of two hashes (lengths must match). Not constant-time: hashes are public. */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
