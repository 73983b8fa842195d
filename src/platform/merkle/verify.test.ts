import { describe, expect, it } from 'vitest';
import {
  CONSISTENCY_VECTORS,
  HASHER_VECTORS,
  INCLUSION_VECTORS,
  LEAF_INPUTS,
  ROOT_HASHES,
  SOME_HASH,
} from './merkle.fixtures.ts';
import { leafHash, rootFromInclusionProof, verifyConsistency, verifyInclusion } from './index.ts';

const bytes = (hex: string): Uint8Array => Buffer.from(hex, 'hex');
const root = (size: number): Uint8Array => bytes(ROOT_HASHES[size]!);
const someHash = bytes(SOME_HASH);
const emptyTree = bytes(HASHER_VECTORS.emptyRoot);
const junk = new Uint8Array(0);
const flipped = (proof: Uint8Array[], i: number, mask: number): Uint8Array[] =>
  proof.map((p, j) => (j === i ? Uint8Array.from(p, (b, k) => (k === 0 ? b ^ mask : b)) : p));

describe('inclusion verification (RFC 9162 §2.1.3.2)', () => {
  for (const v of INCLUSION_VECTORS) {
    it(`accepts the vector for leaf ${v.index} of ${v.size} and rejects every corruption of it`, () => {
      const leaf = leafHash(bytes(LEAF_INPUTS[v.index]!));
      const proof = v.proof.map(bytes);
      const r = root(v.size);
      expect(Buffer.from(rootFromInclusionProof(leaf, v.index, v.size, proof)!).toString('hex')).toBe(
        ROOT_HASHES[v.size],
      );
      expect(verifyInclusion(leaf, v.index, v.size, proof, r)).toBe(true);
      // The corruptions transparency-dev/merkle probes with.
      const probes: [string, Uint8Array, number, number, Uint8Array[], Uint8Array][] = [
        ['index - 1', leaf, v.index - 1, v.size, proof, r],
        ['index + 1', leaf, v.index + 1, v.size, proof, r],
        ['index ^ 2', leaf, v.index ^ 2, v.size, proof, r],
        ['size * 2', leaf, v.index, v.size * 2, proof, r],
        ['size / 2', leaf, v.index, Math.floor(v.size / 2), proof, r],
        ['wrong leaf', Buffer.from('WrongLeaf'), v.index, v.size, proof, r],
        ['empty root', leaf, v.index, v.size, proof, emptyTree],
        ['random root', leaf, v.index, v.size, proof, someHash],
        ['trailing garbage', leaf, v.index, v.size, [...proof, junk], r],
        ['trailing root', leaf, v.index, v.size, [...proof, r], r],
        ['preceding garbage', leaf, v.index, v.size, [junk, ...proof], r],
        ['preceding root', leaf, v.index, v.size, [r, ...proof], r],
        ...proof.map((_, i): [string, Uint8Array, number, number, Uint8Array[], Uint8Array] => [
          `proof[${i}] bit 3`,
          leaf,
          v.index,
          v.size,
          flipped(proof, i, 8),
          r,
        ]),
      ];
      if (proof.length > 0) probes.push(['removed component', leaf, v.index, v.size, proof.slice(0, -1), r]);
      if (proof.length > 1)
        probes.push(['inserted component', leaf, v.index, v.size, [proof[0]!, someHash, ...proof.slice(1)], r]);
      const accepted = probes.filter(([, l, i, s, p, rt]) => verifyInclusion(l, i, s, p, rt)).map(([name]) => name);
      expect(accepted).toEqual([]);
    });
  }

  it('rejects empty trees, out-of-range indexes and malformed hashes', () => {
    for (const [index, size] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [2, 1],
    ] as const) {
      expect(verifyInclusion(someHash, index, size, [], junk)).toBe(false);
      expect(verifyInclusion(junk, index, size, [], emptyTree)).toBe(false);
      expect(verifyInclusion(someHash, index, size, [], emptyTree)).toBe(false);
    }
    const single = leafHash('data');
    expect(verifyInclusion(single, 0, 1, [], single)).toBe(true);
    expect(verifyInclusion(single, 0, 1, [], junk)).toBe(false);
    expect(verifyInclusion(junk, 0, 1, [], single)).toBe(false);
    expect(rootFromInclusionProof(single, 0, 2, [])).toBeUndefined();
  });
});

describe('consistency verification (RFC 9162 §2.1.4.2)', () => {
  for (const v of CONSISTENCY_VECTORS.filter((c) => c.proof.length > 0)) {
    it(`accepts the vector ${v.oldSize} → ${v.newSize} and rejects every corruption of it`, () => {
      const proof = v.proof.map(bytes);
      const [r1, r2, s1, s2] = [root(v.oldSize), root(v.newSize), v.oldSize, v.newSize];
      expect(verifyConsistency(s1, s2, r1, r2, proof)).toBe(true);
      const probes: [string, number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
        ['size1 - 1', s1 - 1, s2, r1, r2, proof],
        ['size1 + 1', s1 + 1, s2, r1, r2, proof],
        ['size1 ^ 2', s1 ^ 2, s2, r1, r2, proof],
        ['size2 * 2', s1, s2 * 2, r1, r2, proof],
        ['size2 / 2', s1, Math.floor(s2 / 2), r1, r2, proof],
        ['wrong root1', s1, s2, Buffer.from('WrongRoot'), r2, proof],
        ['wrong root2', s1, s2, r1, Buffer.from('WrongRoot'), proof],
        ['swapped roots', s1, s2, r2, r1, proof],
        ['empty proof', s1, s2, r1, r2, []],
        ['trailing garbage', s1, s2, r1, r2, [...proof, junk]],
        ['trailing root1', s1, s2, r1, r2, [...proof, r1]],
        ['trailing root2', s1, s2, r1, r2, [...proof, r2]],
        ['preceding garbage', s1, s2, r1, r2, [junk, ...proof]],
        ['preceding root1', s1, s2, r1, r2, [r1, ...proof]],
        ['preceding root2', s1, s2, r1, r2, [r2, ...proof]],
        ['preceding proof[0]', s1, s2, r1, r2, [proof[0]!, ...proof]],
        ['truncated proof', s1, s2, r1, r2, proof.slice(0, -1)],
        ...proof.map((_, i): [string, number, number, Uint8Array, Uint8Array, Uint8Array[]] => [
          `proof[${i}] bit 4`,
          s1,
          s2,
          r1,
          r2,
          flipped(proof, i, 16),
        ]),
      ];
      const accepted = probes.filter(([, a, b, x, y, p]) => verifyConsistency(a, b, x, y, p)).map(([name]) => name);
      expect(accepted).toEqual([]);
    });
  }

  it('handles equal sizes, the empty tree and time travel as transparency-dev does', () => {
    const [r1, r2] = [Buffer.from("don't care 1"), Buffer.from("don't care 2")];
    const cases: [number, number, Uint8Array, Uint8Array, Uint8Array[], boolean][] = [
      [0, 0, r1, r2, [], false],
      [1, 1, r1, r2, [], false],
      [0, 0, r1, r1, [], true],
      [0, 1, r1, r2, [], true],
      [1, 1, r2, r2, [], true],
      [1, 0, r1, r2, [], false],
      [2, 1, r1, r2, [], false],
      [1, 2, r1, r2, [], false],
      [0, 0, emptyTree, r2, [], false],
      [1, 1, emptyTree, r2, [], false],
      [0, 0, emptyTree, emptyTree, [emptyTree], false],
      [0, 1, emptyTree, emptyTree, [emptyTree], false],
      [1, 1, emptyTree, emptyTree, [emptyTree], false],
    ];
    for (const [s1, s2, a, b, proof, want] of cases)
      expect([s1, s2, verifyConsistency(s1, s2, a, b, proof)]).toEqual([s1, s2, want]);
  });
});
