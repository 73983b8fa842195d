import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { WorkerBusyError, WorkerTimeoutError } from './worker-errors.ts';

/** How big the pool is and how long a job may take: from config (CUSTODIAN_WORKER_*). */
export interface WorkerPoolSettings {
  /** Threads that run jobs at once. */
  threads: number;
  /** Jobs that may wait for a thread; one more is refused with WorkerBusyError. */
  queue: number;
  /** A job still unfinished this long after it was handed in (waiting included) is stopped. */
  timeoutMs: number;
}

/**
 * A kind of CPU-heavy work on user input. `module` is a TypeScript module whose default export
 * takes `In` and returns (or resolves to) `Out`; both cross threads by structured clone, so they
 * are plain data (an Error loses its class on the way: return failures as data instead).
 */
export interface WorkerJob<In, Out> {
  readonly module: URL;
  /** Said to the person when the pool is full, e.g. "The plan check is busy: try again in a minute". */
  readonly busy: string;
  /** Said when the job was stopped for taking too long. */
  readonly tooLong: string;
  /** Never set: carries the input and output types. */
  readonly types?: (input: In) => Out;
}

/** Counts since the pool was made: what tests and benchmarks read. */
export interface WorkerPoolCounts {
  /** Jobs handed to the pool and accepted (run or queued). */
  accepted: number;
  refused: number;
  timedOut: number;
}

/** Runs jobs off the main thread, at most `threads + queue` at once, each bounded in time. */
export interface WorkerPool {
  /** Throws WorkerBusyError (refused, nothing ran) or WorkerTimeoutError (stopped); else the job's result. */
  run<In, Out>(job: WorkerJob<In, Out>, input: In): Promise<Out>;
  readonly settings: Readonly<WorkerPoolSettings>;
  readonly counts: Readonly<WorkerPoolCounts>;
  /** Terminates every thread; jobs still running or waiting fail with WorkerBusyError. */
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));

/**
 * Makes a pool (piscina). No thread starts until the first job; an idle thread ends after a minute.
 * Threads run at a lower scheduling priority than the main thread, so on a small machine the
 * requests the main thread serves (health probes, every other page) go first.
 */
export function createWorkerPool(settings: WorkerPoolSettings): WorkerPool {
  const piscina = new Piscina({
    filename: ENTRY,
    minThreads: 0,
    maxThreads: settings.threads,
    // Admission is counted below; piscina's own limit is only a backstop.
    maxQueue: settings.queue,
    idleTimeout: 60_000,
    niceIncrement: 10,
  });
  const counts: WorkerPoolCounts = { accepted: 0, refused: 0, timedOut: 0 };
  let inFlight = 0;
  let closed = false;

  async function run<In, Out>(job: WorkerJob<In, Out>, input: In): Promise<Out> {
    if (closed || inFlight >= settings.threads + settings.queue) {
      counts.refused += 1;
      throw new WorkerBusyError(job.busy);
    }
    inFlight += 1;
    counts.accepted += 1;
    // Aborting a running job terminates its thread (piscina starts another when needed): the
    // work stops, it is not merely no longer awaited.
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), settings.timeoutMs);
    try {
      return (await piscina.run({ module: job.module.href, input }, { signal: stop.signal })) as Out;
    } catch (err) {
      if (stop.signal.aborted) {
        counts.timedOut += 1;
        throw new WorkerTimeoutError(job.tooLong);
      }
      // Closing, or piscina's own queue limit: either way the job did not run to the end.
      if (closed || (err instanceof Error && /queue is at limit|Terminating worker/.test(err.message)))
        throw new WorkerBusyError(job.busy);
      throw err;
    } finally {
      clearTimeout(timer);
      inFlight -= 1;
    }
  }

  return {
    run,
    settings: Object.freeze({ ...settings }),
    counts,
    async close() {
      closed = true;
      await piscina.destroy();
    },
  };
}
