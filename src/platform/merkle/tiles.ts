import { HASH_SIZE } from './hash.ts';

/** Tree levels one tile spans (C2SP tlog-tiles fixes 8). */
export const TILE_HEIGHT = 8;
/** Hashes in a full tile: 2^TILE_HEIGHT. */
export const TILE_WIDTH = 256;

/**
 * Persistent tile storage (C2SP tlog-tiles geometry). Level-L tile N holds the hashes of the tree
 * nodes at height 8·L with indexes 256·N … 256·N + width − 1, concatenated: 32·width bytes, which
 * is also the tile's wire format. Level 0 holds leaf hashes; a level-(L+1) hash is the root of a
 * full level-L tile. The rightmost tile of a level may be partial (width < 256).
 *
 * Tiles only ever grow by appending, so a narrower version of a tile is a prefix of every wider
 * one: a store may keep just the latest version per (level, index) and answer any `width` with
 * it. `readTile` must return at least `width` hashes (extra trailing hashes are ignored), may
 * answer synchronously, and should reject when the tile is missing.
 */
export interface TileStore {
  readTile(level: number, index: number, width: number): Uint8Array | PromiseLike<Uint8Array>;
}

/** A tile to persist after an append: the full contents at its new width. */
export interface TileWrite {
  readonly level: number;
  readonly index: number;
  /** Hashes in the tile, 1–256; 256 means the tile is full and will never change again. */
  readonly width: number;
  /** The hashes, concatenated: exactly 32·width bytes. */
  readonly data: Uint8Array;
}

/** Number of complete nodes at tile level `level` (height 8·level) in a tree of `size` leaves. */
export const levelCount = (level: number, size: number): number => Math.floor(size / TILE_WIDTH ** level);

/**
 * Width of level-`level` tile `index` in a tree of `size` leaves: 256 when full, the partial width
 * `floor(size / 256^level) mod 256` for the rightmost tile, 0 when the tile does not exist yet.
 */
export function tileWidth(level: number, index: number, size: number): number {
  const count = levelCount(level, size);
  const full = Math.floor(count / TILE_WIDTH);
  if (index < full) return TILE_WIDTH;
  return index === full ? count % TILE_WIDTH : 0;
}

/**
 * The C2SP resource path of a tile: `tile/<L>/<N>[.p/<W>]`, with N split into zero-padded
 * three-digit elements, all but the last prefixed with `x` (1234067 → `x001/x234/067`).
 */
export function tilePath(level: number, index: number, width: number = TILE_WIDTH): string {
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  const path = groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
  return `tile/${level}/${path}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

/** Reads a tile and checks it holds at least `width` hashes; returns exactly that prefix. */
export async function readTileExactly(
  store: TileStore,
  level: number,
  index: number,
  width: number,
): Promise<Uint8Array> {
  const data = await store.readTile(level, index, width);
  const bytes = width * HASH_SIZE;
  if (!(data instanceof Uint8Array) || data.length < bytes || data.length % HASH_SIZE !== 0) {
    throw new Error(
      `tile ${tilePath(level, index, width)} is malformed or too short (${data?.length ?? 0} bytes, want ${bytes})`,
    );
  }
  return data.length === bytes ? data : data.subarray(0, bytes);
}
