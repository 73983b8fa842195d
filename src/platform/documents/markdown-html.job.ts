import { renderMarkdownSafe } from './markdown.ts';
import type { MarkdownDisplay } from './markdown-govuk.ts';

/** Runs on a worker-pool thread (see markdown-off-thread.ts): each Markdown text as safe HTML. */
export default function render(input: {
  markdowns: readonly string[];
  displays: readonly MarkdownDisplay[];
}): string[] {
  return input.markdowns.map((m, i) => renderMarkdownSafe(m, input.displays[i]));
}
