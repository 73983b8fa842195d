import { HASH_SIZE } from './hash.ts';
import { type TileStore, type TileWrite, tilePath } from './tiles.ts';

/**
 * A TileStore in memory, for tests and benchmarks. Keeps the latest (widest) version of each
 * tile and serves any narrower width as its prefix, as a database-backed store would.
 */
export class MemoryTileStore implements TileStore {
  readonly #tiles = new Map<string, TileWrite>();

  /** Tile reads served so far (lets tests check how many tiles a proof touches). */
  reads = 0;

  readTile(level: number, index: number, width: number): Uint8Array {
    this.reads++;
    const tile = this.#tiles.get(`${level}/${index}`);
    if (!tile || tile.width < width) throw new Error(`tile ${tilePath(level, index, width)} not found`);
    return tile.width === width ? tile.data : tile.data.subarray(0, width * HASH_SIZE);
  }

  /** Stores the tiles from `appendLeaves`, replacing narrower versions. */
  write(writes: readonly TileWrite[]): void {
    for (const tile of writes) {
      if (tile.data.length !== tile.width * HASH_SIZE)
        throw new RangeError(`tile ${tilePath(tile.level, tile.index, tile.width)} has ${tile.data.length} bytes`);
      const key = `${tile.level}/${tile.index}`;
      const current = this.#tiles.get(key);
      // Tiles only grow; a narrower write means the caller replayed an old append.
      if (current && current.width > tile.width)
        throw new Error(`tile ${key} would shrink from ${current.width} to ${tile.width}`);
      this.#tiles.set(key, tile);
    }
  }

  /** Every stored tile (latest version), ordered by level then index. */
  tiles(): TileWrite[] {
    return [...this.#tiles.values()].sort((a, b) => a.level - b.level || a.index - b.index);
  }
}
