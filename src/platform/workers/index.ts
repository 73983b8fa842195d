/**
 * CPU-heavy work on user input (document parsing, text analysis) runs here, off the main thread,
 * bounded in concurrency and in time, so one person's large upload cannot stall everyone else.
 * The pool is made by the composition root from config and closed with the app.
 */
export {
  createWorkerPool,
  type WorkerJob,
  type WorkerPool,
  type WorkerPoolCounts,
  type WorkerPoolSettings,
} from './worker-pool.ts';
export { WorkerBusyError, WorkerTimeoutError } from './worker-errors.ts';
