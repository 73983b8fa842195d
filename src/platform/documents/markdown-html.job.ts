import { renderMarkdownSafe } from './markdown.ts';

/** Runs on a worker-pool thread (see markdown-off-thread.ts): each Markdown text as safe HTML. */
export default function render(markdowns: readonly string[]): string[] {
  return markdowns.map(renderMarkdownSafe);
}
