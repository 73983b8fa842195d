import { HASH_SIZE, asBuffer, pairHashInto } from './hash.ts';
import { type HashSource, checkSize } from './hash-source.ts';
import { TILE_HEIGHT, TILE_WIDTH, type TileStore, readTileExactly, tileWidth } from './tiles.ts';

/**
 * One tile plus the node levels above its hashes, built on demand: level r holds the nodes
 * 8·L + r high whose 2^r children are all in the tile (floor(width / 2^r) of them).
 */
class TileNodes {
  readonly #levels: Buffer[];

  constructor(data: Uint8Array) {
    this.#levels = [asBuffer(data)];
  }

  /** Node j of in-tile level r, as a view (never mutated: levels are write-once). */
  node(r: number, j: number): Uint8Array {
    const levels = this.#levels;
    while (levels.length <= r) {
      // Build the whole next level at once: proofs and roots want most of it (a sibling of height
      // r needs 2^r − 1 hashes anyway), and one buffer per level beats a node map.
      const below = levels[levels.length - 1]!;
      const count = Math.floor(below.length / HASH_SIZE / 2);
      const level = Buffer.allocUnsafe(count * HASH_SIZE);
      for (let k = 0; k < count; k++) pairHashInto(below, k * 2 * HASH_SIZE, level, k * HASH_SIZE);
      levels.push(level);
    }
    return levels[r]!.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE);
  }
}

/**
 * HashSource for the tree of the first `size` leaves, served from a TileStore. Node (h, i) lives
 * in the level-⌊h/8⌋ tile that holds its height-8·⌊h/8⌋ descendants; heights that are not
 * multiples of 8 are hashed up inside that tile. So any node costs at most one tile read, and a
 * proof at 10^6 leaves reads five tiles: the leaf's tile at each of the three levels plus the
 * partial right-edge tiles its path needs (a few hundred in-tile hashes, ~0.5 ms, on top).
 *
 * Tiles read are cached in the instance (concurrent requests for a tile share one read), which
 * is what makes a proof's many nodes cheap. Make one per request or per tree size; the cache keeps
 * at most `maxCachedTiles` tiles, dropping the oldest.
 */
export class TileHashSource implements HashSource {
  readonly #store: TileStore;
  readonly #size: number;
  readonly #maxCachedTiles: number;
  readonly #tiles = new Map<string, Promise<TileNodes>>();

  constructor(store: TileStore, size: number, options: { maxCachedTiles?: number } = {}) {
    checkSize(size, 'size');
    this.#store = store;
    this.#size = size;
    this.#maxCachedTiles = options.maxCachedTiles ?? 64;
  }

  /** The tree size this source serves. */
  get size(): number {
    return this.#size;
  }

  async hashAt(height: number, index: number): Promise<Uint8Array> {
    if (
      !Number.isSafeInteger(height) ||
      height < 0 ||
      !Number.isSafeInteger(index) ||
      index < 0 ||
      (index + 1) * 2 ** height > this.#size
    ) {
      throw new RangeError(`node (${height}, ${index}) is not complete in a tree of ${this.#size}`);
    }
    const level = Math.floor(height / TILE_HEIGHT);
    const r = height - level * TILE_HEIGHT;
    // The node's first descendant at the tile's height, and which tile holds it.
    const first = index * 2 ** r;
    const tileIndex = Math.floor(first / TILE_WIDTH);
    const tile = await this.#tile(level, tileIndex);
    return tile.node(r, (first % TILE_WIDTH) / 2 ** r);
  }

  #tile(level: number, index: number): Promise<TileNodes> {
    const key = `${level}/${index}`;
    let tile = this.#tiles.get(key);
    if (!tile) {
      const width = tileWidth(level, index, this.#size);
      const read = readTileExactly(this.#store, level, index, width).then((data) => new TileNodes(data));
      // A failed read must not poison the cache for the next caller (who still sees this error).
      read.catch(() => {
        if (this.#tiles.get(key) === read) this.#tiles.delete(key);
      });
      tile = read;
      if (this.#tiles.size >= this.#maxCachedTiles) this.#tiles.delete(this.#tiles.keys().next().value!);
      this.#tiles.set(key, tile);
    }
    return tile;
  }
}
