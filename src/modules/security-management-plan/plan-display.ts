import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { renderMarkdownOffThread, renderMarkdownSafe } from '../../platform/documents/index.ts';
import { WorkerBusyError, WorkerTimeoutError, type WorkerPool } from '../../platform/workers/index.ts';

/** Sections as a page shows them: `html` undefined when formatting was refused, with the reason. */
export interface RenderedSections {
  html: (string | undefined)[];
  unavailable?: { code: 'busy' | 'too-long'; message: string };
}

// Below this much Markdown still to render, rendering here costs less than a round trip to a thread.
const INLINE_BYTES = 64 * 1024;
const CACHE_CHARS = 64 * 1024 * 1024;

const keyOf = (markdown: string) => crypto.createHash('sha256').update(markdown).digest('hex');

/**
 * Each section's Markdown as safe HTML for the plan's pages, kept by a hash of the section's text
 * (a plan's sections change one at a time, and a submitted version never). Large texts are
 * rendered on the worker pool; when it is full or too slow the sections not yet rendered come back
 * without HTML, and the page shows their text as written instead.
 */
export function planRenderer(workers: WorkerPool) {
  const cache = new LRUCache<string, string>({
    maxSize: CACHE_CHARS,
    sizeCalculation: (html) => Math.max(1, html.length),
  });

  return async function render(markdowns: readonly string[]): Promise<RenderedSections> {
    const keys = markdowns.map(keyOf);
    const html = keys.map((k) => cache.get(k));
    const missing = markdowns.flatMap((m, i) => (html[i] === undefined ? [i] : []));
    const bytes = missing.reduce((n, i) => n + markdowns[i]!.length, 0);
    try {
      const done =
        bytes <= INLINE_BYTES
          ? missing.map((i) => renderMarkdownSafe(markdowns[i]!))
          : await renderMarkdownOffThread(
              workers,
              missing.map((i) => markdowns[i]!),
            );
      missing.forEach((i, n) => {
        html[i] = done[n]!;
        cache.set(keys[i]!, done[n]!);
      });
      return { html };
    } catch (err) {
      if (!(err instanceof WorkerBusyError || err instanceof WorkerTimeoutError)) throw err;
      return {
        html,
        unavailable: { code: err instanceof WorkerBusyError ? 'busy' : 'too-long', message: err.message },
      };
    }
  };
}
