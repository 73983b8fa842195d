import { HASH_SIZE, hashesEqual, nodeHash } from './hash.ts';

// The RFC algorithms right-shift fn and sn; sizes may exceed 2^32, where JavaScript's bit
// operators wrap, so shift and test bits with arithmetic instead.
const half = (n: number): number => Math.floor(n / 2);
const odd = (n: number): boolean => n % 2 === 1;

const isPowerOfTwo = (n: number): boolean => {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
};
const isSafeCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
const allHashes = (proof: readonly Uint8Array[]): boolean => proof.every((p) => p.length === HASH_SIZE);

/**
 * The root an inclusion proof implies for `leafHash` at `index` in a tree of `size` leaves, per
 * RFC 9162 §2.1.3.2 steps 1–4, or undefined when the proof's shape does not fit index and size
 * (wrong length, bad sizes, malformed hashes). Comparing the result to a trusted root is step 5.
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!isSafeCount(index) || !isSafeCount(size) || index >= size) return undefined;
  if (leafHash.length !== HASH_SIZE || !allHashes(proof)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // An even fn here is the right edge (fn = sn): it has no sibling until it becomes a right child.
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return undefined;
  // With an empty proof the root is the leaf itself: hand back a copy, not the caller's array.
  return r === leafHash ? Uint8Array.from(r) : r;
}

/** RFC 9162 §2.1.3.2: does `proof` show `leafHash` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafHash, index, size, proof);
  return computed !== undefined && hashesEqual(computed, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree (`oldSize`, `oldRoot`) is a prefix of
 * (`newSize`, `newRoot`)? The RFC covers 0 < oldSize < newSize; like transparency-dev/merkle,
 * equal sizes need an empty proof and equal roots, and an empty old tree needs an empty proof.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isSafeCount(oldSize) || !isSafeCount(newSize) || oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && hashesEqual(oldRoot, newRoot);
  if (oldSize === 0) return proof.length === 0;
  // Step 1; wrong-length hashes can never be right, so reject them before hashing.
  if (proof.length === 0 || !allHashes(proof) || oldRoot.length !== HASH_SIZE || newRoot.length !== HASH_SIZE)
    return false;
  // Step 2: a power-of-two old tree is itself a node of the new tree, so the proof omits it.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  // Steps 3–4.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  let fr = path[0]!;
  let sr = path[0]!;
  // Step 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 7.
  return sn === 0 && hashesEqual(fr, oldRoot) && hashesEqual(sr, newRoot);
}
