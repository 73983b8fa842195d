import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../platform/db/index.ts';
import { checkEventRange, Tampered } from './audit-verify-events.ts';

/** How a worker opens its own connection to the same database (the app's DATABASE_URL and data directory). */
export interface VerifyConnection {
  databaseUrl: string | undefined;
  dataDir: string;
}

// Events per claimed chunk: small enough to share the work evenly, large enough that claiming is free.
const CHUNK = 20_000;
// Below this many events a worker's start (it loads and compiles the modules it needs: ~0.3–0.6 s)
// costs more than it saves, so the main thread checks them alone.
export const PARALLEL_MIN = 200_000;
// The claim state shared by the threads: the next chunk's number, and 1 once any thread found a fault.
const NEXT = 0;
const STOP = 1;

export interface ChunkResult {
  fault?: { index: number | undefined; message: string };
}

/**
 * Checks chunks of [from, to) claimed from `state` until none is left or a thread found a fault.
 * Chunks are claimed in increasing order, so every chunk below a faulty one was claimed before it
 * and is finished by its thread: the smallest fault over all threads is the first one in the log.
 */
export async function checkClaimedChunks(db: Db, state: Int32Array, from: number, to: number, tileLeaves: Uint8Array): Promise<ChunkResult> {
  while (Atomics.load(state, STOP) === 0) {
    const start = from + Atomics.add(state, NEXT, 1) * CHUNK;
    if (start >= to) break;
    try {
      await checkEventRange(db, start, Math.min(to, start + CHUNK), tileLeaves);
    } catch (err) {
      if (!(err instanceof Tampered)) throw err;
      Atomics.store(state, STOP, 1);
      return { fault: { index: err.index, message: err.message } };
    }
  }
  return {};
}

/**
 * Checks events [from, to) on this thread and on worker threads with their own connections, while
 * `alongside` (the tree's checks, which need no event) runs here as the workers start. Throws
 * Tampered for the first faulty event, else for the fault `alongside` found. `tileLeaves` must be
 * backed by a SharedArrayBuffer, so the workers read it without a copy.
 */
export async function checkEventsInParallel(
  db: Db, connection: VerifyConnection, from: number, to: number, tileLeaves: Uint8Array, alongside: () => Promise<void>,
): Promise<number> {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const count = Math.max(1, Math.min(3, os.availableParallelism() - 1));
  const workerData = { connection, from, to, state: state.buffer, leaves: tileLeaves.buffer, leavesOffset: tileLeaves.byteOffset, leavesLength: tileLeaves.byteLength };
  const workers = Array.from({ length: count }, () => runWorker(workerData));
  // A worker that fails (it cannot open the database, say) fails the run: its chunk is unchecked.
  const settled = Promise.allSettled(workers);
  let aside: unknown;
  try {
    await alongside();
  } catch (err) {
    aside = err;
  }
  const results: ChunkResult[] = [];
  try {
    results.push(await checkClaimedChunks(db, state, from, to, tileLeaves));
  } finally {
    if (!results.length) Atomics.store(state, STOP, 1); // this thread failed: the workers stop early
  }
  for (const r of await settled) {
    if (r.status === 'rejected') throw r.reason;
    results.push(r.value);
  }
  const faults = results.flatMap((r) => (r.fault ? [r.fault] : []));
  if (faults.length) {
    const first = faults.reduce((a, b) => ((b.index ?? Infinity) < (a.index ?? Infinity) ? b : a));
    throw new Tampered(first.index, first.message);
  }
  if (aside !== undefined) throw aside;
  return to - from;
}

function runWorker(workerData: object): Promise<ChunkResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./audit-verify.worker.mjs', import.meta.url), { workerData });
    let result: ChunkResult | undefined;
    worker.once('message', (m: ChunkResult) => (result = m));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`an audit verification worker stopped (exit code ${code}) before reporting`))));
  });
}
