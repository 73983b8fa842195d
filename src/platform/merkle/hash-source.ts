import { HASH_SIZE, emptyRoot, nodeHash } from './hash.ts';

/**
 * Where proofs get node hashes from. Node (height h, index i) is the root of the perfect subtree
 * over leaves i·2^h … (i+1)·2^h − 1; height 0 is the leaf hashes. Callers only ask for nodes that
 * are complete in the tree size the source serves. May answer synchronously or with a promise,
 * so an in-memory array and a database-backed tile store share one proof algorithm.
 */
export interface HashSource {
  hashAt(height: number, index: number): Uint8Array | PromiseLike<Uint8Array>;
}

/** A node address: height above the leaves and index within that height. */
export interface NodeId {
  readonly height: number;
  readonly index: number;
}

/**
 * The perfect subtrees that make up leaves [start, end), left to right and tallest first. For the
 * ranges RFC 9162 hashes (start aligned to a power of two ≥ end − start) these are the set bits
 * of end − start, and folding them right to left gives MTH(D[start:end]).
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  while (start < end) {
    let size = 1;
    let height = 0;
    // Grow while the subtree stays aligned at start and inside the range. Plain arithmetic, not
    // bit operators: sizes may exceed 2^32.
    while (start % (size * 2) === 0 && start + size * 2 <= end) {
      size *= 2;
      height++;
    }
    nodes.push({ height, index: start / size });
    start += size;
  }
  return nodes;
}

/** MTH of a range from the hashes of its `rangeNodes`, folded right to left. */
export function foldRange(hashes: readonly Uint8Array[], from: number, to: number): Uint8Array {
  let hash = hashes[to - 1]!;
  for (let i = to - 2; i >= from; i--) hash = nodeHash(hashes[i]!, hash);
  return hash;
}

/** Hashes of many leaf ranges, fetching every needed node at once so tile reads can overlap. */
export async function rangeHashes(
  ranges: readonly (readonly [number, number])[],
  source: HashSource,
): Promise<Uint8Array[]> {
  const perRange = ranges.map(([start, end]) => rangeNodes(start, end));
  const hashes = await Promise.all(perRange.flat().map((node) => source.hashAt(node.height, node.index)));
  const out: Uint8Array[] = [];
  let at = 0;
  for (const nodes of perRange) {
    const hash = foldRange(hashes, at, at + nodes.length);
    // Single-node ranges hand back the source's own bytes (maybe a view into a tile): copy, so
    // callers own what they get and cannot corrupt a cache or store by editing a proof.
    out.push(nodes.length === 1 ? Uint8Array.from(hash) : hash);
    at += nodes.length;
  }
  return out;
}

/** RFC 9162 tree head (MTH) of the first `size` leaves, from any source. */
export async function rootAt(size: number, source: HashSource): Promise<Uint8Array> {
  checkSize(size, 'size');
  if (size === 0) return emptyRoot();
  const [root] = await rangeHashes([[0, size]], source);
  return root!;
}

/** Throws unless n is a non-negative safe integer (sizes and indexes are plain numbers). */
export function checkSize(n: number, name: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${n}`);
}

/**
 * HashSource over an in-memory list of leaf hashes. Builds each height's perfect nodes on first
 * use (n − 1 hashes in total), then answers in O(1). Suits tests and small trees; large logs use
 * `TileHashSource`.
 */
export class LeafHashSource implements HashSource {
  readonly #levels: Uint8Array[][];

  constructor(leafHashes: readonly Uint8Array[]) {
    for (const hash of leafHashes)
      if (hash.length !== HASH_SIZE) throw new RangeError(`leaf hash must be ${HASH_SIZE} bytes`);
    this.#levels = [leafHashes.slice()];
  }

  /** Number of leaves the source holds. */
  get size(): number {
    return this.#levels[0]!.length;
  }

  hashAt(height: number, index: number): Uint8Array {
    const levels = this.#levels;
    while (levels.length <= height) {
      const below = levels[levels.length - 1]!;
      if (below.length < 2) break;
      const level: Uint8Array[] = new Array(below.length >> 1);
      for (let j = 0; j < level.length; j++) level[j] = nodeHash(below[2 * j]!, below[2 * j + 1]!);
      levels.push(level);
    }
    const hash = levels[height]?.[index];
    if (!hash) throw new RangeError(`node (${height}, ${index}) is not complete in a tree of ${this.size}`);
    return hash;
  }
}
