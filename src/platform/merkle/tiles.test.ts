import { describe, expect, it } from 'vitest';
import { randomInt, sampleLeaves, sampleSizes, seededRandom } from './merkle.fixtures.ts';
import {
  LeafHashSource,
  MemoryTileStore,
  RootAccumulator,
  TileHashSource,
  appendLeaves,
  consistencyProof,
  inclusionProof,
  rootAt,
  rootFromLeafHashes,
  tilePath,
  tileWidth,
  type TileWrite,
} from './index.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const hexes = (list: readonly Uint8Array[]): string[] => list.map(hex);
const shape = (tiles: readonly TileWrite[]): string[] => tiles.map((t) => tilePath(t.level, t.index, t.width));

async function storeOf(leaves: readonly Uint8Array[]): Promise<MemoryTileStore> {
  const store = new MemoryTileStore();
  store.write(await appendLeaves(0, leaves, store));
  return store;
}

const random = seededRandom(256);
const leaves = sampleLeaves(2000);
const raw = new LeafHashSource(leaves);

describe('C2SP tlog-tiles geometry', () => {
  it('encodes tile paths as the spec does', () => {
    expect(tilePath(0, 1234067)).toBe('tile/0/x001/x234/067');
    expect(tilePath(3, 1234067, 1)).toBe('tile/3/x001/x234/067.p/1');
    expect(tilePath(1, 0, 256)).toBe('tile/1/000');
    expect(tilePath(0, 1000, 17)).toBe('tile/0/x001/000.p/17');
  });

  it('lays out a tree of 70,000 leaves and one of 256 exactly as the spec’s examples', async () => {
    const tiles = (await storeOf(sampleLeaves(70_000))).tiles();
    const full = (level: number) => tiles.filter((t) => t.level === level && t.width === 256).length;
    const partial = (level: number) => tiles.filter((t) => t.level === level && t.width < 256).map((t) => t.width);
    expect([full(0), partial(0), full(1), partial(1), full(2), partial(2)]).toEqual([273, [112], 1, [17], 0, [1]]);
    expect(tiles.every((t) => t.width === tileWidth(t.level, t.index, 70_000))).toBe(true);
    expect(shape((await storeOf(leaves.slice(0, 256))).tiles())).toEqual(['tile/0/000', 'tile/1/000.p/1']);
    expect(await appendLeaves(0, [], new MemoryTileStore())).toEqual([]);
  });
});

describe('proofs served from tiles', () => {
  it('equal proofs from the raw leaf list, at the stored size and at every earlier size', async () => {
    const store = await storeOf(leaves);
    for (const size of sampleSizes(random, 25)) {
      const tiled = new TileHashSource(store, size);
      const own = new TileHashSource(await storeOf(leaves.slice(0, size)), size);
      expect(hex(await rootAt(size, tiled))).toBe(hex(rootFromLeafHashes(leaves.slice(0, size))));
      for (const index of [0, size - 1, randomInt(random, 0, size - 1)]) {
        const want = hexes(await inclusionProof(index, size, raw));
        expect(hexes(await inclusionProof(index, size, tiled))).toEqual(want);
        expect(hexes(await inclusionProof(index, size, own))).toEqual(want);
      }
      const oldSize = randomInt(random, 1, size);
      expect(hexes(await consistencyProof(oldSize, size, tiled))).toEqual(
        hexes(await consistencyProof(oldSize, size, raw)),
      );
    }
  });

  it('read a handful of tiles per proof in a three-level tree', async () => {
    const big = sampleLeaves(70_001);
    const store = await storeOf(big);
    const reference = new LeafHashSource(big);
    for (const index of [0, 255, 256, 65_535, 65_536, 69_999, 70_000]) {
      const before = store.reads;
      const proof = await inclusionProof(index, big.length, new TileHashSource(store, big.length));
      // Own path: one tile per level (3); right edge: the partial tile of each level (3).
      expect(store.reads - before).toBeLessThanOrEqual(6);
      expect(hexes(proof)).toEqual(hexes(await inclusionProof(index, big.length, reference)));
    }
    expect(hex(await rootAt(big.length, new TileHashSource(store, big.length)))).toBe(hex(rootFromLeafHashes(big)));
  });

  it('refuse nodes outside the tree and do not cache a failed read', async () => {
    const store = await storeOf(leaves.slice(0, 10));
    const source = new TileHashSource(store, 10);
    await expect(source.hashAt(0, 10)).rejects.toThrow(RangeError);
    await expect(source.hashAt(2, 2)).rejects.toThrow(RangeError);
    let failures = 1;
    const flaky = {
      readTile: (l: number, i: number, w: number) =>
        failures-- > 0 ? Promise.reject(new Error('db down')) : store.readTile(l, i, w),
    };
    const retrying = new TileHashSource(flaky, 10);
    await expect(retrying.hashAt(0, 3)).rejects.toThrow('db down');
    expect(hex(await retrying.hashAt(0, 3))).toBe(hex(leaves[3]!));
    await expect(rootAt(11, new TileHashSource(store, 11))).rejects.toThrow(/not found/);
  });
});

describe('appending to tiles', () => {
  it('produces the same tiles whatever the batch sizes, and the right root after every batch', async () => {
    const once = (await storeOf(leaves)).tiles();
    for (const maxBatch of [1, 7, 300, 1000]) {
      const store = new MemoryTileStore();
      const acc = new RootAccumulator();
      for (let size = 0; size < leaves.length;) {
        const batch = leaves.slice(size, size + randomInt(random, 1, maxBatch));
        const writes = await appendLeaves(size, batch, store);
        store.write(writes);
        size += batch.length;
        batch.forEach((leaf) => acc.push(leaf));
        expect(writes.every((t) => t.width === tileWidth(t.level, t.index, size))).toBe(true);
        if (maxBatch > 1) expect(hex(await rootAt(size, new TileHashSource(store, size)))).toBe(hex(acc.root()));
      }
      expect(shape(store.tiles())).toEqual(shape(once));
      expect(store.tiles().map((t) => hex(t.data))).toEqual(once.map((t) => hex(t.data)));
    }
  });

  it('hands out, while computing roots, exactly the upper-tile hashes appendLeaves stores', async () => {
    // 70,000 leaves: 273 level-1 hashes (roots of full level-0 tiles) and 1 at level 2.
    const many = sampleLeaves(70_000);
    const seen: string[][] = [[], [], []];
    const acc = new RootAccumulator({ onTileHash: (level, index, hash) => void (seen[level]![index] = hex(hash)) });
    many.forEach((leaf) => acc.push(leaf));
    expect(hex(acc.root())).toBe(hex(rootFromLeafHashes(many)));
    const stored = (await storeOf(many)).tiles();
    for (const level of [1, 2]) {
      const data = Buffer.concat(stored.filter((t) => t.level === level).map((t) => t.data));
      expect(seen[level]).toEqual(
        Array.from({ length: data.length / 32 }, (_, i) => data.toString('hex', i * 32, i * 32 + 32)),
      );
    }
    expect(seen[1]).toHaveLength(273);
    expect(seen[2]).toHaveLength(1);
  });

  it('pushes a whole tile of leaves as pushing them one by one would, roots and tile hashes alike', () => {
    const many = sampleLeaves(70_000);
    const flat = Buffer.concat(many);
    const byLeaf: string[] = [];
    const byTile: string[] = [];
    const one = new RootAccumulator({
      onTileHash: (level, index, hash) => void byLeaf.push(`${level}/${index}/${hex(hash)}`),
    });
    const mixed = new RootAccumulator({
      onTileHash: (level, index, hash) => void byTile.push(`${level}/${index}/${hex(hash)}`),
    });
    // Leaves one by one up to random sizes (as at checkpoints), whole tiles where they fit.
    for (let size = 0; size < many.length;) {
      const to = Math.min(many.length, size + randomInt(random, 1, 3_000));
      while (size < to) {
        if (size % 256 === 0 && size + 256 <= to) {
          mixed.pushTile(flat, size * 32);
          for (let i = 0; i < 256; i++) one.push(many[size++]!);
        } else {
          mixed.pushFrom(flat, size * 32);
          one.push(many[size++]!);
        }
      }
      expect(mixed.size).toBe(size);
      expect(hex(mixed.root())).toBe(hex(one.root()));
    }
    expect(byTile).toEqual(byLeaf);
    expect(byTile.filter((t) => t.startsWith('1/'))).toHaveLength(273);
    expect(() => mixed.pushTile(flat, 0)).toThrow(RangeError); // 70,000 is not a multiple of 256
    expect(() => new RootAccumulator().pushTile(flat, flat.length - 255 * 32)).toThrow(RangeError);
  });

  it('rejects malformed leaves and appends to a tree whose tiles are missing', async () => {
    await expect(appendLeaves(0, [new Uint8Array(31)], new MemoryTileStore())).rejects.toThrow(RangeError);
    await expect(appendLeaves(5, leaves.slice(0, 1), new MemoryTileStore())).rejects.toThrow(/not found/);
    await expect(appendLeaves(-1, leaves.slice(0, 1), new MemoryTileStore())).rejects.toThrow(RangeError);
  });
});
