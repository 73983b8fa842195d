import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import {
  renderMarkdownOffThread,
  renderMarkdownSafe,
  type DocumentLink,
  type MarkdownDisplay,
} from '../../platform/documents/index.ts';
import { WorkerBusyError, WorkerTimeoutError, type WorkerPool } from '../../platform/workers/index.ts';

/** Sections as a page shows them: `html` undefined when formatting was refused, with the reason. */
export interface RenderedSections {
  html: (string | undefined)[];
  unavailable?: { code: 'busy' | 'too-long'; message: string };
}

// Below this much Markdown still to render, rendering here costs less than a round trip to a thread.
const INLINE_BYTES = 64 * 1024;
const CACHE_CHARS = 64 * 1024 * 1024;

const keyOf = (markdown: string, display: string) =>
  crypto.createHash('sha256').update(display).update('\n').update(markdown).digest('hex');

/**
 * The register entries a plan's `[[doc: Title]]` markers link to, each to its row on the register
 * page. The caller chooses the entries (a version's own, or the live register for a draft).
 */
export function documentLinks(contractId: string, entries: readonly { title: string; id: string }[]): DocumentLink[] {
  return entries.map((d) => ({
    title: d.title,
    href: `/contracts/${encodeURIComponent(contractId)}/smp/documents#doc-${encodeURIComponent(d.id)}`,
  }));
}

/**
 * Each section's Markdown as safe HTML in GOV.UK typography for the plan's pages, kept by a hash of
 * the section's text, its label and the links its markers resolve to (a plan's sections change one at
 * a time, and a submitted version never). Large texts are rendered on the worker pool; when it is full or too slow the sections not yet rendered come back
 * without HTML, and the page shows their text as written instead.
 */
export function planRenderer(workers: WorkerPool) {
  const cache = new LRUCache<string, string>({
    maxSize: CACHE_CHARS,
    sizeCalculation: (html) => Math.max(1, html.length),
  });

  /** `labels` name each text (its section's heading), so its tables' names differ from other sections'. */
  return async function render(
    markdowns: readonly string[],
    display: MarkdownDisplay = {},
    labels: readonly string[] = [],
  ): Promise<RenderedSections> {
    const displays = markdowns.map((_, i) => ({ ...display, label: labels[i] }));
    const keys = markdowns.map((m, i) => keyOf(m, JSON.stringify([display.headingBase, display.documents, labels[i]])));
    const html = keys.map((k) => cache.get(k));
    const missing = markdowns.flatMap((m, i) => (html[i] === undefined ? [i] : []));
    const bytes = missing.reduce((n, i) => n + markdowns[i]!.length, 0);
    try {
      const done =
        bytes <= INLINE_BYTES
          ? missing.map((i) => renderMarkdownSafe(markdowns[i]!, displays[i]))
          : await renderMarkdownOffThread(
              workers,
              missing.map((i) => markdowns[i]!),
              missing.map((i) => displays[i]!),
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
