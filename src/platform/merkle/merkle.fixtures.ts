// Test-only fixtures. The vectors for RFC 6962 / RFC 9162 SHA-256 Merkle trees are restated as hex
// from the transparency-dev/merkle (Go) test data: testonly/constants.go (leaves, node and root
// hashes), rfc6962/rfc6962_test.go (hasher), proof/verify_test.go (proofs) and
// testonly/vectors_test.go (the accumulated subtree-hash vector of
// draft-ietf-plants-merkle-tree-certs). Below them: seeded randomness for the property tests.
import { leafHash } from './hash.ts';

/** The eight leaf inputs (raw entry bytes, hex). */
export const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

/** Hashes of every complete subtree over LEAF_INPUTS: [height][index]. */
export const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];

/** Root of the tree of the first n LEAF_INPUTS, for n = 0 … 8. */
export const ROOT_HASHES = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** Hasher vectors: inputs are UTF-8 text. */
export const HASHER_VECTORS = {
  emptyRoot: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  emptyLeaf: '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  leaf: { data: 'L123456', hash: '395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56' },
  node: { left: 'N123', right: 'N456', hash: 'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb' },
};

/** Inclusion proofs over LEAF_INPUTS (0-based leaf index; the Go data numbers leaves from 1). */
export const INCLUSION_VECTORS: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  { index: 0, size: 8, proof: [NODE_HASHES[0]![1]!, NODE_HASHES[1]![1]!, NODE_HASHES[2]![1]!] },
  { index: 5, size: 8, proof: [NODE_HASHES[0]![4]!, NODE_HASHES[1]![3]!, NODE_HASHES[2]![0]!] },
  { index: 2, size: 3, proof: [NODE_HASHES[1]![0]!] },
  { index: 1, size: 5, proof: [NODE_HASHES[0]![0]!, NODE_HASHES[1]![1]!, NODE_HASHES[0]![4]!] },
];

/** Consistency proofs over LEAF_INPUTS. */
export const CONSISTENCY_VECTORS: { oldSize: number; newSize: number; proof: string[] }[] = [
  { oldSize: 1, newSize: 1, proof: [] },
  { oldSize: 1, newSize: 8, proof: [NODE_HASHES[0]![1]!, NODE_HASHES[1]![1]!, NODE_HASHES[2]![1]!] },
  { oldSize: 6, newSize: 8, proof: [NODE_HASHES[1]![2]!, NODE_HASHES[1]![3]!, NODE_HASHES[2]![0]!] },
  { oldSize: 2, newSize: 5, proof: [NODE_HASHES[1]![1]!, NODE_HASHES[0]![4]!] },
  { oldSize: 6, newSize: 7, proof: [NODE_HASHES[1]![2]!, NODE_HASHES[0]![6]!, NODE_HASHES[2]![0]!] },
];

/** An arbitrary 32-byte value that is no hash in these trees ("some hash" in the Go tests). */
export const SOME_HASH = 'abacaba000000000000000000000000000000000000000000060061e00123456';

/**
 * Accumulated subtree-hash vector: over leaves d[i] = byte i (i < 130), SHA-256 of the lines
 * "[start, end) <hex MTH(d[start:end])>\n" for end = 1 … 130 and every start < end that is 0 or a
 * multiple of the smallest power of two ≥ end − start.
 */
export const SUBTREE_HASH_VECTOR = {
  leaves: 130,
  digest: '94a95384a8c69acea9b50d035a58285b3a777cb7a724005faa5e1f1e1190007f',
};

export { seededRandom } from '../../../test/support/seeded-random.ts';

/** A random integer in [min, max]. */
export const randomInt = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

/** Leaf hashes of the entries "entry 0", "entry 1", …: distinct, cheap and reproducible. */
export const sampleLeaves = (count: number): Uint8Array[] =>
  Array.from({ length: count }, (_, i) => leafHash(`entry ${i}`));

/** Random tree sizes in [1, max], always including the tile and power-of-two edges. */
export function sampleSizes(random: () => number, count: number, max = 2000): number[] {
  const edges = [1, 2, 3, 4, 5, 7, 8, 9, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025, max].filter((n) => n <= max);
  return [...edges, ...Array.from({ length: count }, () => randomInt(random, 1, max))];
}
