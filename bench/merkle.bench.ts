/**
 * Micro-benchmark of the Merkle library (src/platform/merkle), against a baseline measured in the same run.
 *
 *   npm run bench:merkle
 *   npm run bench:merkle -- --leaves 100000 --proofs 1000
 *
 * 1. Full verification (leaf hash of every entry + root) against raw SHA-256 of the same entry
 *    bytes, one hash per entry, in two flavours: digest as a Buffer (the obvious call) and as a
 *    latin1 string (the cheapest a native one-shot call gets). Each figure is the best of 5 runs,
 *    interleaved.
 * 2. Inclusion-proof latency at the full size from an in-memory TileStore, a fresh TileHashSource
 *    (cold tile cache) per proof, as a request handler would do.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  MemoryTileStore,
  RootAccumulator,
  TileHashSource,
  appendLeaves,
  consistencyProof,
  inclusionProof,
  leafHash,
  rootAt,
  rootFromLeafHashes,
  verifyInclusion,
} from '../src/platform/merkle/index.ts';

const { values: args } = parseArgs({
  options: { leaves: { type: 'string', default: '1000000' }, proofs: { type: 'string', default: '5000' } },
});
const N = Number(args.leaves);
const PROOFS = Number(args.proofs);

// Entries shaped like audit events (canonical JSON, ~190 bytes), distinct per index.
const entries = Array.from({ length: N }, (_, i) =>
  Buffer.from(
    JSON.stringify({
      seq: i,
      at: `2026-11-30T09:${String(i % 60).padStart(2, '0')}:00.000Z`,
      actor: `user:${(i * 7919) % 5000}`,
      action: 'contract.clause.updated',
      subject: `01J${i.toString(36).padStart(10, '0')}`,
      detail: { clause: 'B7.1', field: 'status', to: 'met' },
    }),
  ),
);
const bytes = entries.reduce((sum, e) => sum + e.length, 0);

const leafHashes = entries.map((e) => leafHash(e));
// The contenders run interleaved, best of 5 each, so load from other processes hits them alike.
const contenders: Record<string, () => void> = {
  rawBuffer: () => {
    for (const e of entries) crypto.hash('sha256', e, 'buffer');
  },
  rawString: () => {
    for (const e of entries) crypto.hash('sha256', e, 'binary');
  },
  pushEntry: () => {
    const acc = new RootAccumulator();
    for (const e of entries) acc.pushEntry(e);
    acc.root();
  },
  leafHashPush: () => {
    const acc = new RootAccumulator();
    for (const e of entries) acc.push(leafHash(e));
    acc.root();
  },
  rootOnly: () => {
    rootFromLeafHashes(leafHashes);
  },
};
const ms: Record<string, number> = {};
for (let round = 0; round < 5; round++) {
  for (const [name, run] of Object.entries(contenders)) {
    const start = performance.now();
    run();
    ms[name] = Math.min(ms[name] ?? Infinity, performance.now() - start);
  }
}
const rate = (t: number): string =>
  `${(((N / t) * 1000) / 1e6).toFixed(2)} M leaves/s, ${(((bytes / t) * 1000) / 1e6).toFixed(0)} MB/s of entries`;
const ratio = (t: number): string =>
  `${((ms.rawBuffer! / t) * 100).toFixed(0)}% of raw (Buffer digest), ${((ms.rawString! / t) * 100).toFixed(0)}% of raw (string digest)`;
const row = (label: string, t: number, extra: string): void =>
  console.log(`${label.padEnd(42)} ${t.toFixed(0).padStart(6)} ms  ${extra}`);

console.log(
  `${N.toLocaleString('en-GB')} entries, ${(bytes / N).toFixed(0)} bytes each on average; Node ${process.version}, crypto.hash: ${typeof crypto.hash}`,
);
row('raw SHA-256 per entry (Buffer digest)', ms.rawBuffer!, rate(ms.rawBuffer!));
row('raw SHA-256 per entry (string digest)', ms.rawString!, rate(ms.rawString!));
row(
  'full verification: acc.pushEntry(entry)',
  ms.pushEntry!,
  `${rate(ms.pushEntry!)}\n${''.padEnd(52)}= ${ratio(ms.pushEntry!)}`,
);
row(
  'full verification: acc.push(leafHash(e))',
  ms.leafHashPush!,
  `${rate(ms.leafHashPush!)}\n${''.padEnd(52)}= ${ratio(ms.leafHashPush!)}`,
);
row('root from ready leaf hashes', ms.rootOnly!, `${(((N / ms.rootOnly!) * 1000) / 1e6).toFixed(2)} M leaves/s`);

const store = new MemoryTileStore();
const begin = performance.now();
for (let size = 0; size < N; size += 1000)
  store.write(await appendLeaves(size, leafHashes.slice(size, size + 1000), store));
console.log(
  `tiles for ${N.toLocaleString('en-GB')} leaves, appended 1,000 at a time: ${(performance.now() - begin).toFixed(0)} ms, ${store.tiles().length} tiles`,
);

const root = await rootAt(N, new TileHashSource(store, N));
const times: number[] = [];
let reads = 0;
let verified = 0;
for (let i = 0; i < PROOFS + 500; i++) {
  const index = crypto.randomInt(N);
  const before = store.reads;
  const start = performance.now();
  const proof = await inclusionProof(index, N, new TileHashSource(store, N));
  const elapsed = performance.now() - start;
  if (i < 500) continue; // warm-up
  times.push(elapsed);
  reads += store.reads - before;
  if (verifyInclusion(leafHashes[index]!, index, N, proof, root)) verified++;
}
times.sort((a, b) => a - b);
const pct = (p: number): string => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(3);
console.log(
  `inclusion proof at ${N.toLocaleString('en-GB')} leaves (cold tile cache, ${PROOFS} proofs): median ${pct(50)} ms, p99 ${pct(99)} ms, ${(reads / PROOFS).toFixed(1)} tile reads each, ${verified}/${PROOFS} verified`,
);

const start = performance.now();
for (let i = 0; i < 200; i++) await consistencyProof(crypto.randomInt(1, N), N, new TileHashSource(store, N));
console.log(
  `consistency proof to ${N.toLocaleString('en-GB')} leaves: mean ${((performance.now() - start) / 200).toFixed(3)} ms`,
);
