import { type HashSource, checkSize, rangeHashes } from './hash-source.ts';

type Range = readonly [start: number, end: number];

/** Largest power of two strictly below n (n ≥ 2): RFC 9162's split point k. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The leaf ranges whose MTHs form PATH(m, D[0:n]) (RFC 9162 §2.1.3.1), in proof order. The RFC
 * recursion appends each level's sibling after the deeper path, so walk down and reverse.
 */
export function inclusionRanges(index: number, size: number): Range[] {
  const ranges: Range[] = [];
  let start = 0;
  let n = size;
  let m = index;
  while (n > 1) {
    const k = splitPoint(n);
    if (m < k) {
      ranges.push([start + k, start + n]);
      n = k;
    } else {
      ranges.push([start, start + k]);
      start += k;
      m -= k;
      n -= k;
    }
  }
  return ranges.reverse();
}

/**
 * The leaf ranges whose MTHs form PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true) (RFC 9162
 * §2.1.4.1), in proof order. `complete` tracks the RFC's flag b: once the walk moves into a right
 * subtree, the old tree's own subtree hash must be included because the verifier cannot know it.
 */
export function consistencyRanges(oldSize: number, newSize: number): Range[] {
  const ranges: Range[] = [];
  if (oldSize === 0) return ranges;
  let start = 0;
  let n = newSize;
  let m = oldSize;
  let complete = true;
  while (m !== n) {
    const k = splitPoint(n);
    if (m <= k) {
      ranges.push([start + k, start + n]);
      n = k;
    } else {
      ranges.push([start, start + k]);
      start += k;
      m -= k;
      n -= k;
      complete = false;
    }
  }
  if (!complete) ranges.push([start, start + n]);
  return ranges.reverse();
}

/**
 * RFC 9162 §2.1.3.1 inclusion proof (audit path) for leaf `index` in the tree of the first `size`
 * leaves, as 32-byte hashes from the leaf's sibling up to the root's child.
 */
export async function inclusionProof(index: number, size: number, source: HashSource): Promise<Uint8Array[]> {
  checkSize(index, 'index');
  checkSize(size, 'size');
  if (index >= size) throw new RangeError(`index ${index} is not in a tree of size ${size}`);
  return rangeHashes(inclusionRanges(index, size), source);
}

/**
 * RFC 9162 §2.1.4.1 consistency proof that the tree of `oldSize` leaves is a prefix of the tree of
 * `newSize`. Empty when the sizes are equal or the old tree is empty (nothing to prove).
 */
export async function consistencyProof(oldSize: number, newSize: number, source: HashSource): Promise<Uint8Array[]> {
  checkSize(oldSize, 'oldSize');
  checkSize(newSize, 'newSize');
  if (oldSize > newSize) throw new RangeError(`oldSize ${oldSize} exceeds newSize ${newSize}`);
  return rangeHashes(consistencyRanges(oldSize, newSize), source);
}
