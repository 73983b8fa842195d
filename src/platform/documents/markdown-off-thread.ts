import type { WorkerJob, WorkerPool } from '../workers/index.ts';
import type { MarkdownDisplay } from './markdown-govuk.ts';

const job: WorkerJob<{ markdowns: readonly string[]; displays: readonly MarkdownDisplay[] }, string[]> = {
  module: new URL('./markdown-html.job.ts', import.meta.url),
  busy: 'Formatting the plan is busy, so its text is shown as written: try again in a minute.',
  tooLong: 'Formatting the plan took too long and was stopped, so its text is shown as written.',
};

/**
 * renderMarkdownSafe for each text with its display, on a worker-pool thread: a plan of several
 * 400 KB sections takes the best part of a second to render. Throws WorkerBusyError or
 * WorkerTimeoutError, each with a message for the reader, when the pool refused the job or stopped it.
 */
export function renderMarkdownOffThread(
  workers: WorkerPool,
  markdowns: readonly string[],
  displays: readonly MarkdownDisplay[] = [],
): Promise<string[]> {
  return workers.run(job, { markdowns, displays });
}
