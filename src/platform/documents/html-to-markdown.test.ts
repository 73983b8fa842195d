import { describe, expect, it } from 'vitest';
import { htmlToMarkdownChunks } from './html-to-markdown.ts';

describe('Word text with register references', () => {
  it('keeps a [[doc: …]] marker as written, so completeness can check it, while other brackets stay escaped', () => {
    const { chunks } = htmlToMarkdownChunks('<p>See [[doc: Incident Response Policy]] and [not a link].</p>');
    expect(chunks[0]).toBe('See [[doc: Incident Response Policy]] and \\[not a link\\].');
  });
});
