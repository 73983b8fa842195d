import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HASHER_VECTORS, LEAF_INPUTS, NODE_HASHES, ROOT_HASHES, SUBTREE_HASH_VECTOR } from './merkle.fixtures.ts';
import { RootAccumulator, emptyRoot, hashesEqual, leafHash, nodeHash, rootFromLeafHashes } from './index.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const leaves = LEAF_INPUTS.map((input) => leafHash(Buffer.from(input, 'hex')));

describe('RFC 6962 hashing (transparency-dev/merkle vectors)', () => {
  it('hashes the empty tree, leaves and nodes as the Go hasher does', () => {
    expect(hex(emptyRoot())).toBe(HASHER_VECTORS.emptyRoot);
    expect(hex(leafHash(new Uint8Array(0)))).toBe(HASHER_VECTORS.emptyLeaf);
    expect(hex(leafHash(''))).toBe(HASHER_VECTORS.emptyLeaf);
    expect(hex(leafHash(HASHER_VECTORS.leaf.data))).toBe(HASHER_VECTORS.leaf.hash);
    expect(hex(leafHash(Buffer.from(HASHER_VECTORS.leaf.data)))).toBe(HASHER_VECTORS.leaf.hash);
    const { left, right, hash } = HASHER_VECTORS.node;
    expect(hex(nodeHash(Buffer.from(left), Buffer.from(right)))).toBe(hash);
  });

  it('matches every node hash and root of the eight-leaf tree', () => {
    expect(leaves.map(hex)).toEqual(NODE_HASHES[0]);
    for (let height = 1; height < NODE_HASHES.length; height++) {
      const below = NODE_HASHES[height - 1]!;
      const level = NODE_HASHES[height]!.map((_, i) =>
        hex(nodeHash(Buffer.from(below[2 * i]!, 'hex'), Buffer.from(below[2 * i + 1]!, 'hex'))),
      );
      expect(level).toEqual(NODE_HASHES[height]);
    }
    for (let size = 0; size <= leaves.length; size++)
      expect(hex(rootFromLeafHashes(leaves.slice(0, size)))).toBe(ROOT_HASHES[size]);
  });

  it('gives the same root at every size when leaves are pushed one by one', () => {
    const byHash = new RootAccumulator();
    const byEntry = new RootAccumulator();
    const fromBuffer = new RootAccumulator();
    const packed = Buffer.concat([Buffer.alloc(5), ...leaves]); // at offsets 5 + 32 i: not aligned
    expect(hex(byHash.root())).toBe(ROOT_HASHES[0]);
    LEAF_INPUTS.forEach((input, i) => {
      byHash.push(leaves[i]!);
      byEntry.pushEntry(Buffer.from(input, 'hex'));
      fromBuffer.pushFrom(packed, 5 + 32 * i);
      expect([byHash.size, hex(byHash.root()), hex(byEntry.root()), hex(fromBuffer.root())]).toEqual([
        i + 1,
        ROOT_HASHES[i + 1],
        ROOT_HASHES[i + 1],
        ROOT_HASHES[i + 1],
      ]);
    });
    expect(() => fromBuffer.pushFrom(packed, packed.length - 31)).toThrow(RangeError);
    // Entries given as text are hashed as UTF-8, like leafHash.
    const texts = ['a', 'ü', 'x'.repeat(5000)];
    const fromText = new RootAccumulator();
    texts.forEach((t) => fromText.pushEntry(t));
    expect(hex(fromText.root())).toBe(hex(rootFromLeafHashes(texts.map((t) => leafHash(Buffer.from(t, 'utf8'))))));
  });

  it('reproduces the accumulated subtree-hash vector (130 leaves, every valid subtree)', () => {
    const data = Array.from({ length: SUBTREE_HASH_VECTOR.leaves }, (_, i) => leafHash(Uint8Array.of(i)));
    const bitCeil = (n: number): number => 2 ** Math.ceil(Math.log2(n));
    const digest = crypto.createHash('sha256');
    for (let end = 1; end <= data.length; end++) {
      for (let start = 0; start < end; start++) {
        if (start !== 0 && start % bitCeil(end - start) !== 0) continue;
        digest.update(`[${start}, ${end}) ${hex(rootFromLeafHashes(data.slice(start, end)))}\n`);
      }
    }
    expect(digest.digest('hex')).toBe(SUBTREE_HASH_VECTOR.digest);
  });

  it('separates leaves from nodes and respects child order', () => {
    const [a, b] = [leafHash('Hello'), leafHash('World')];
    expect(hashesEqual(a, b)).toBe(false);
    const parent = nodeHash(a, b);
    expect(hashesEqual(parent, leafHash(Buffer.concat([a, b])))).toBe(false);
    expect(hashesEqual(parent, nodeHash(b, a))).toBe(false);
  });

  it('hashes strings as UTF-8 and handles inputs larger than the scratch buffer', () => {
    const sha = (...parts: Uint8Array[]): string =>
      crypto.createHash('sha256').update(Buffer.concat(parts)).digest('hex');
    for (const text of ['café ✓ 𝄞', 'é'.repeat(1500), 'x'.repeat(5000), '✓'.repeat(2000)]) {
      const expected = sha(Uint8Array.of(0), Buffer.from(text, 'utf8'));
      expect(hex(leafHash(text))).toBe(expected);
      expect(hex(leafHash(Buffer.from(text, 'utf8')))).toBe(expected);
    }
    // The scratch buffer is shared: a previous long input must not leak into a short one.
    expect(hex(leafHash(HASHER_VECTORS.leaf.data))).toBe(HASHER_VECTORS.leaf.hash);
  });

  it('returns fresh buffers that callers may keep', () => {
    const first = nodeHash(leaves[0]!, leaves[1]!);
    nodeHash(leaves[2]!, leaves[3]!);
    expect(hex(first)).toBe(NODE_HASHES[1]![0]);
    const root = emptyRoot();
    root[0] = 0;
    expect(hex(emptyRoot())).toBe(HASHER_VECTORS.emptyRoot);
  });
});
