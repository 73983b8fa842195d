import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { checkEventRange, Tampered, type TreeLeaves } from './audit-verify-events.ts';

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
// The state shared by the threads: the next chunk's number; 1 once any thread found a fault (or
// failed); 1 once the tree's leaves are in shared memory (workers start before they are read).
const NEXT = 0;
const STOP = 1;
const READY = 2;

export interface ChunkResult {
  fault?: { index: number | undefined; message: string };
}

/**
 * Checks chunks of [from, to) claimed from `state` until none is left or a thread found a fault.
 * Chunks are claimed in increasing order, so every chunk below a faulty one was claimed before it
 * and is finished by its thread: the smallest fault over all threads is the first one in the log.
 */
export async function checkClaimedChunks(
  uow: UnitOfWork,
  state: Int32Array,
  from: number,
  to: number,
  tree: TreeLeaves,
): Promise<ChunkResult> {
  // A worker blocks here until the main thread has read the leaves it compares against.
  if (Atomics.load(state, READY) === 0) Atomics.wait(state, READY, 0);
  while (Atomics.load(state, STOP) === 0) {
    const start = from + Atomics.add(state, NEXT, 1) * CHUNK;
    if (start >= to) break;
    try {
      await checkEventRange(uow, start, Math.min(to, start + CHUNK), tree);
    } catch (err) {
      if (!(err instanceof Tampered)) throw err;
      Atomics.store(state, STOP, 1);
      return { fault: { index: err.index, message: err.message } };
    }
  }
  return {};
}

/** What a parallel check needs: the events' range, the leaves' shared buffer and how to fill it. */
export interface ParallelCheck {
  from: number;
  to: number;
  /** Backed by a SharedArrayBuffer, so the workers read it without a copy; filled by readLeaves. */
  tileLeaves: Uint8Array;
  /** See TreeLeaves. */
  signedSize: number;
  readLeaves: () => Promise<void>;
  /** The tree's checks, which need the leaves but no event: run here while the workers start. */
  alongside: () => Promise<void>;
}

/**
 * Checks events [from, to) on this thread and on worker threads with their own connections. The
 * workers start first (loading their modules takes a while) and wait until this thread has read
 * the leaves; this thread then runs `alongside` and claims chunks too. Throws Tampered for a fault
 * in the leaves (as a single thread finds it first), else the first faulty event, else the fault
 * `alongside` found.
 */
export async function checkEventsInParallel(
  uow: UnitOfWork,
  connection: VerifyConnection,
  check: ParallelCheck,
): Promise<number> {
  const { from, to, tileLeaves, signedSize } = check;
  const state = new Int32Array(new SharedArrayBuffer(12));
  const count = Math.max(1, Math.min(3, os.availableParallelism() - 1));
  const workerData = {
    connection,
    from,
    to,
    state: state.buffer,
    leaves: tileLeaves.buffer,
    leavesOffset: tileLeaves.byteOffset,
    leavesLength: tileLeaves.byteLength,
    signedSize,
  };
  const workers = Array.from({ length: count }, () => runWorker(workerData));
  // A worker that fails (it cannot open the database, say) fails the run: its chunk is unchecked.
  const settled = Promise.allSettled(workers);
  const results: ChunkResult[] = [];
  let aside: unknown;
  try {
    await check.readLeaves();
    Atomics.store(state, READY, 1);
    Atomics.notify(state, READY);
    try {
      await check.alongside();
    } catch (err) {
      aside = err;
    }
    results.push(await checkClaimedChunks(uow, state, from, to, { leaves: tileLeaves, signedSize }));
  } finally {
    if (!results.length) {
      // This thread failed: the workers stop at their next chunk (or before their first).
      Atomics.store(state, STOP, 1);
      Atomics.store(state, READY, 1);
      Atomics.notify(state, READY);
      await settled;
    }
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
    // A larger young generation than the default: event strings die young, and fewer of them are
    // copied into the old generation before they do (a few per cent faster, measured).
    const young = { maxYoungGenerationSizeMb: 64 };
    const worker = new Worker(new URL('./audit-verify.worker.mjs', import.meta.url), {
      workerData,
      resourceLimits: young,
    });
    let result: ChunkResult | undefined;
    worker.once('message', (m: ChunkResult) => (result = m));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      result
        ? resolve(result)
        : reject(new Error(`an audit verification worker stopped (exit code ${code}) before reporting`)),
    );
  });
}
