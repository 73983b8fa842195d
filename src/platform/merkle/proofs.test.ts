import { describe, expect, it } from 'vitest';
import {
  CONSISTENCY_VECTORS,
  INCLUSION_VECTORS,
  LEAF_INPUTS,
  ROOT_HASHES,
  sampleLeaves,
  sampleSizes,
  seededRandom,
  randomInt,
} from './merkle.fixtures.ts';
import { LeafHashSource, consistencyProof, emptyRoot, inclusionProof, leafHash, nodeHash, rootAt } from './index.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const hexes = (list: readonly Uint8Array[]): string[] => list.map(hex);

// A deliberately naive transcription of RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 over leaf-hash
// arrays: slow, recursive, and independent of the range/tile machinery it checks.
const split = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1);
function mth(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return emptyRoot();
  if (d.length === 1) return d[0]!;
  const k = split(d.length);
  return nodeHash(mth(d.slice(0, k)), mth(d.slice(k)));
}
function path(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return [];
  const k = split(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}
function subproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

const goldenLeaves = LEAF_INPUTS.map((input) => leafHash(Buffer.from(input, 'hex')));
const golden = new LeafHashSource(goldenLeaves);

describe('inclusion and consistency proofs', () => {
  it('produce the transparency-dev/merkle vectors', async () => {
    for (const v of INCLUSION_VECTORS) expect(hexes(await inclusionProof(v.index, v.size, golden))).toEqual(v.proof);
    for (const v of CONSISTENCY_VECTORS)
      expect(hexes(await consistencyProof(v.oldSize, v.newSize, golden))).toEqual(v.proof);
    for (let size = 0; size <= goldenLeaves.length; size++)
      expect(hex(await rootAt(size, golden))).toBe(ROOT_HASHES[size]);
  });

  it('match the RFC recursion for every index and size pair of the eight-leaf tree', async () => {
    for (let n = 1; n <= goldenLeaves.length; n++) {
      const d = goldenLeaves.slice(0, n);
      for (let m = 0; m < n; m++) expect(hexes(await inclusionProof(m, n, golden))).toEqual(hexes(path(m, d)));
      for (let m = 1; m <= n; m++)
        expect(hexes(await consistencyProof(m, n, golden))).toEqual(hexes(subproof(m, d, true)));
    }
  });

  it('match the RFC recursion at random sizes up to 2000', async () => {
    const random = seededRandom(6962);
    const all = sampleLeaves(2000);
    const source = new LeafHashSource(all);
    for (const n of sampleSizes(random, 30)) {
      const d = all.slice(0, n);
      expect(hex(await rootAt(n, source))).toBe(hex(mth(d)));
      for (const m of [0, n - 1, randomInt(random, 0, n - 1)]) {
        expect(hexes(await inclusionProof(m, n, source))).toEqual(hexes(path(m, d)));
      }
      for (const m of [1, n, randomInt(random, 1, n)]) {
        expect(hexes(await consistencyProof(m, n, source))).toEqual(hexes(subproof(m, d, true)));
      }
    }
  });

  it('are empty where there is nothing to prove', async () => {
    expect(await inclusionProof(0, 1, golden)).toEqual([]);
    expect(await consistencyProof(0, 8, golden)).toEqual([]);
    expect(await consistencyProof(5, 5, golden)).toEqual([]);
  });

  it('reject impossible requests', async () => {
    await expect(inclusionProof(8, 8, golden)).rejects.toThrow(RangeError);
    await expect(inclusionProof(-1, 8, golden)).rejects.toThrow(RangeError);
    await expect(inclusionProof(0.5, 8, golden)).rejects.toThrow(RangeError);
    await expect(consistencyProof(6, 5, golden)).rejects.toThrow(RangeError);
    // The source refuses nodes beyond its leaves rather than inventing them.
    await expect(inclusionProof(0, 9, golden)).rejects.toThrow(/not complete/);
  });

  it('hand out proof hashes the caller owns', async () => {
    const proof = await inclusionProof(0, 2, golden);
    proof[0]![0]! ^= 0xff;
    expect(hex((await inclusionProof(0, 2, golden))[0]!)).toBe(hex(goldenLeaves[1]!));
  });
});
