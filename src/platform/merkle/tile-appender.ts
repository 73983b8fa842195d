import { HASH_SIZE } from './hash.ts';
import { checkSize } from './hash-source.ts';
import { perfectRoot } from './root.ts';
import { TILE_WIDTH, type TileStore, type TileWrite, levelCount, readTileExactly } from './tiles.ts';

/**
 * Appends leaf hashes to a tiled tree of `existingSize` leaves and returns every tile that must be
 * (re)written to represent the new size, level by level from 0 and in index order within a level.
 *
 * At each level the new hashes extend the rightmost (partial) tile, whose existing prefix is read
 * from `store` — at most one read per level, none when the level is tile-aligned — then fill
 * fresh tiles. Every tile that becomes full contributes its root as one new hash to the level
 * above, which is how upper-level tiles grow. The result is the same whether leaves arrive one
 * at a time or all at once; only intermediate partial tiles differ, and those are superseded.
 *
 * Nothing is written here: the caller persists the writes (typically in the transaction that
 * stores the entries). A full tile (width 256) is final; a partial tile replaces the previous
 * version of the same (level, index).
 */
export async function appendLeaves(
  existingSize: number,
  newLeafHashes: readonly Uint8Array[],
  store: TileStore,
): Promise<TileWrite[]> {
  checkSize(existingSize, 'existingSize');
  if (!Number.isSafeInteger(existingSize + newLeafHashes.length))
    throw new RangeError('tree size would exceed 2^53 − 1');
  const entries = new Uint8Array(newLeafHashes.length * HASH_SIZE);
  newLeafHashes.forEach((hash, i) => {
    if (hash.length !== HASH_SIZE) throw new RangeError(`leaf hash ${i} must be ${HASH_SIZE} bytes`);
    entries.set(hash, i * HASH_SIZE);
  });

  const writes: TileWrite[] = [];
  let level = 0;
  let oldCount = existingSize;
  let added: Uint8Array = entries;
  while (added.length > 0) {
    const parents = await appendToLevel(level, oldCount, added, store, writes);
    oldCount = levelCount(level + 1, existingSize);
    added = parents;
    level++;
  }
  return writes;
}

/**
 * Appends `added` (concatenated hashes) to a level that has `oldCount` hashes, pushing the
 * resulting tiles onto `writes`. Returns the roots of the tiles it filled, concatenated: the new
 * hashes for the level above.
 */
async function appendToLevel(
  level: number,
  oldCount: number,
  added: Uint8Array,
  store: TileStore,
  writes: TileWrite[],
): Promise<Uint8Array> {
  const addedCount = added.length / HASH_SIZE;
  const newCount = oldCount + addedCount;
  const firstTile = Math.floor(oldCount / TILE_WIDTH);
  const lastTile = Math.floor((newCount - 1) / TILE_WIDTH);
  const kept = oldCount % TILE_WIDTH;
  // Only the first touched tile can have hashes from before; later ones start empty.
  const prefix = kept > 0 ? await readTileExactly(store, level, firstTile, kept) : undefined;

  const filled = new Uint8Array((Math.floor(newCount / TILE_WIDTH) - firstTile) * HASH_SIZE);
  let taken = 0;
  for (let index = firstTile; index <= lastTile; index++) {
    const width = Math.min(TILE_WIDTH, newCount - index * TILE_WIDTH);
    const data = new Uint8Array(width * HASH_SIZE);
    let at = 0;
    if (index === firstTile && prefix) {
      data.set(prefix);
      at = kept;
    }
    const take = width - at;
    data.set(added.subarray(taken * HASH_SIZE, (taken + take) * HASH_SIZE), at * HASH_SIZE);
    taken += take;
    writes.push({ level, index, width, data });
    if (width === TILE_WIDTH) filled.set(perfectRoot(data, 0, TILE_WIDTH), (index - firstTile) * HASH_SIZE);
  }
  return filled;
}
