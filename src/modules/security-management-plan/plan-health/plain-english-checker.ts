import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import {
  WorkerBusyError,
  WorkerTimeoutError,
  type WorkerJob,
  type WorkerPool,
} from '../../../platform/workers/index.ts';
import type { PlainEnglishReport, PlainEnglishSection } from './plain-english.types.ts';

/** Why a version's plain-English advice is not shown this time, in words for the reader. */
export interface PlainEnglishUnavailable {
  code: 'busy' | 'too-long';
  message: string;
}
export type PlainEnglishOutcome =
  { report: PlainEnglishReport; unavailable?: undefined } | { report: null; unavailable: PlainEnglishUnavailable };

const job: WorkerJob<readonly PlainEnglishSection[], PlainEnglishReport> = {
  module: new URL('./plain-english.job.ts', import.meta.url),
  busy: 'The plan check is busy: try again in a minute.',
  tooLong:
    'The plan check took too long and was stopped. Shorter sections check faster: split a long section under more headings.',
};

// A check that ran out of time would run out again: it is not retried for this long, so reloading
// the page does not tie up a thread each time.
const TOO_LONG_REMEMBERED_MS = 10 * 60 * 1000;
// Reports are about twice the size of the text they are about; this bounds the memory they hold.
const CACHE_BYTES = 128 * 1024 * 1024;

/**
 * The plain-English check of a plan's sections, run on the worker pool and kept by a hash of
 * exactly what it reads (a submitted version never changes, so viewing it again costs nothing).
 * Views of the same text at the same time share one job. When the pool is full or the check runs
 * out of time, the outcome says so instead of a report, and the page shows the plan without it.
 */
export function plainEnglishChecker(workers: WorkerPool) {
  // Each entry's size is reckoned from its text (a report's own size is never measured).
  const done = new LRUCache<string, PlainEnglishOutcome>({ max: 200, maxSize: CACHE_BYTES });
  const running = new Map<string, Promise<PlainEnglishOutcome>>();

  async function run(
    key: string,
    sections: readonly PlainEnglishSection[],
    size: number,
  ): Promise<PlainEnglishOutcome> {
    try {
      const outcome: PlainEnglishOutcome = { report: await workers.run(job, sections) };
      done.set(key, outcome, { size });
      return outcome;
    } catch (err) {
      if (err instanceof WorkerBusyError) return { report: null, unavailable: { code: 'busy', message: err.message } };
      if (!(err instanceof WorkerTimeoutError)) throw err;
      const outcome: PlainEnglishOutcome = { report: null, unavailable: { code: 'too-long', message: err.message } };
      done.set(key, outcome, { size: 1, ttl: TOO_LONG_REMEMBERED_MS });
      return outcome;
    } finally {
      running.delete(key);
    }
  }

  return function check(sections: readonly PlainEnglishSection[]): Promise<PlainEnglishOutcome> {
    // Only what the check reads crosses to the thread, and only that is hashed.
    const input = sections.map(({ key, heading, markdown }) => ({ key, heading, markdown }));
    const text = JSON.stringify(input);
    const key = crypto.createHash('sha256').update(text).digest('hex');
    const cached = done.get(key);
    if (cached) return Promise.resolve(cached);
    let pending = running.get(key);
    if (!pending) {
      pending = run(key, input, 2 * text.length);
      running.set(key, pending);
    }
    return pending;
  };
}
