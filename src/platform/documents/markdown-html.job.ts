import { renderMarkdownSafe } from './markdown.ts';
import type { MarkdownDisplay } from './markdown-govuk.ts';

/** Runs on a worker-pool thread (see markdown-off-thread.ts): each Markdown text as safe HTML. */
export default function render(input: { markdowns: readonly string[]; display: MarkdownDisplay }): string[] {
  return input.markdowns.map((m) => renderMarkdownSafe(m, input.display));
}
