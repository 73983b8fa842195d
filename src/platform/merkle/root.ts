import { HASH_SIZE, asBuffer, emptyRoot, leafHashInto, pairHashInto } from './hash.ts';
import { TILE_HEIGHT } from './tiles.ts';

// Heights a safe-integer tree size can reach, plus one slot for the leaf being pushed.
const MAX_DEPTH = 54;

/**
 * Streaming Merkle Tree Hash: push leaf hashes in order, read the root at any time. Keeps only the
 * roots of the perfect subtrees that make up the current size (a "compact range", one per set bit
 * of the size), so verifying a whole log needs O(log n) memory and exactly n − 1 node hashes.
 */
export class RootAccumulator {
  // Perfect-subtree roots back to back, tallest (leftmost) first. Adjacent slots let a merge hash
  // the top two in place, with no per-node allocation: this is the hot loop of full verification.
  readonly #stack = Buffer.alloc(MAX_DEPTH * HASH_SIZE);
  #depth = 0;
  #size = 0;
  #tileWork: Buffer | undefined;
  readonly #onTileHash: ((level: number, index: number, hash: Uint8Array) => void) | undefined;

  /**
   * `onTileHash` sees every upper-tile hash (the root of a full level-(L−1) tile, C2SP tlog-tiles)
   * as the merge that completes it happens, so a verifier gets the tiles from the same node hashes
   * as the roots instead of hashing the leaves twice. `hash` is a view into the stack: copy it.
   */
  constructor(options: { onTileHash?: (level: number, index: number, hash: Uint8Array) => void } = {}) {
    this.#onTileHash = options.onTileHash;
  }

  /** Number of leaves pushed so far. */
  get size(): number {
    return this.#size;
  }

  /** Appends one leaf hash (32 bytes, as returned by `leafHash`); the bytes are copied. */
  push(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_SIZE) throw new RangeError(`leaf hash must be ${HASH_SIZE} bytes`);
    this.#stack.set(leafHash, this.#depth * HASH_SIZE);
    this.#settle();
  }

  /** Appends the leaf hash at `offset` in `hashes` (32 bytes), without a view per leaf: for whole logs. */
  pushFrom(hashes: Buffer, offset: number): void {
    if (hashes.copy(this.#stack, this.#depth * HASH_SIZE, offset, offset + HASH_SIZE) !== HASH_SIZE)
      throw new RangeError(`no ${HASH_SIZE}-byte leaf hash at ${offset}`);
    this.#settle();
  }

  /**
   * Appends the 2^TILE_HEIGHT leaf hashes at `offset` in `hashes` (a full level-0 tile's worth) at
   * once; the size must be a multiple of that. Same result, same onTileHash calls and the same node
   * hashes as pushing them one by one, but the tile's subtree is hashed level by level in a work
   * buffer, without copying each leaf onto the stack and walking it per leaf: verification of a
   * whole log spends most of its tree check here.
   */
  pushTile(hashes: Buffer, offset: number): void {
    const width = 2 ** TILE_HEIGHT;
    if (this.#size % width !== 0)
      throw new RangeError(`a tile can only be pushed at a multiple of ${width} leaves, not at ${this.#size}`);
    if (offset < 0 || offset % HASH_SIZE !== 0 || offset + width * HASH_SIZE > hashes.length)
      throw new RangeError(`no ${width} leaf hashes at ${offset}`);
    const root = perfectRoot(
      hashes,
      offset / HASH_SIZE,
      width,
      (this.#tileWork ??= Buffer.alloc((width / 2) * HASH_SIZE)),
    );
    this.#stack.set(root, this.#depth * HASH_SIZE);
    this.#onTileHash?.(
      1,
      this.#size / width,
      this.#stack.subarray(this.#depth * HASH_SIZE, (this.#depth + 1) * HASH_SIZE),
    );
    this.#settle(TILE_HEIGHT);
  }

  /**
   * Appends `leafHash(entry)`, hashing straight into the accumulator: the allocation-free path for
   * recomputing a whole log's root from its entries.
   */
  pushEntry(entry: Uint8Array | string): void {
    leafHashInto(entry, this.#stack, this.#depth * HASH_SIZE);
    this.#settle();
  }

  // The new subtree (a leaf, or a tile's 2^8 leaves: `height`) sits in the slot above the top. Each
  // trailing 1-bit of the old size, counted in such subtrees, is a completed sibling of the same
  // height waiting on the left: merge the top two slots in place.
  #settle(height = 0): void {
    const added = 2 ** height;
    let depth = this.#depth + 1;
    for (let s = this.#size / added; s % 2 === 1; s = (s - 1) / 2) {
      depth--;
      pairHashInto(this.#stack, (depth - 1) * HASH_SIZE, this.#stack, (depth - 1) * HASH_SIZE);
      // The slot now holds the perfect subtree of this height ending at the new leaf; the next
      // merge overwrites it, so a tile hash must be handed out now or never.
      if (++height % TILE_HEIGHT === 0 && this.#onTileHash) {
        this.#onTileHash(
          height / TILE_HEIGHT,
          (this.#size + added) / 2 ** height - 1,
          this.#stack.subarray((depth - 1) * HASH_SIZE, depth * HASH_SIZE),
        );
      }
    }
    this.#depth = depth;
    this.#size += added;
  }

  /**
   * MTH of everything pushed. Folding the compact range right to left reproduces RFC 9162's split
   * at the largest power of two below n, because the stack holds exactly those left subtrees.
   */
  root(): Uint8Array {
    if (this.#depth === 0) return emptyRoot();
    const work = Buffer.from(this.#stack.subarray(0, this.#depth * HASH_SIZE));
    for (let i = this.#depth - 2; i >= 0; i--) pairHashInto(work, i * HASH_SIZE, work, i * HASH_SIZE);
    return work.subarray(0, HASH_SIZE);
  }
}

/** RFC 9162 §2.1.1 MTH over a list of leaf hashes (empty list → `emptyRoot()`). */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  const acc = new RootAccumulator();
  for (const hash of leafHashes) acc.push(hash);
  return acc.root();
}

/**
 * Root of the perfect subtree over `count` (a power of two) hashes stored back to back in `data`
 * from hash `first`. Hashes pairs into a work buffer level by level, so it allocates once, or not
 * at all when given `work` (at least count / 2 hashes long; the root is then a view into it).
 */
export function perfectRoot(
  data: Uint8Array,
  first: number,
  count: number,
  work: Buffer = Buffer.allocUnsafe((count / 2) * HASH_SIZE),
): Uint8Array {
  if (count === 1) return data.slice(first * HASH_SIZE, (first + 1) * HASH_SIZE);
  let src = asBuffer(data);
  let base = first * HASH_SIZE;
  for (let n = count / 2; n >= 1; n /= 2) {
    // Writing parent j over bytes already read (pair 2j, 2j+1 ≥ j) keeps the work buffer single.
    for (let j = 0; j < n; j++) pairHashInto(src, base + j * 2 * HASH_SIZE, work, j * HASH_SIZE);
    src = work;
    base = 0;
  }
  return work.subarray(0, HASH_SIZE);
}
