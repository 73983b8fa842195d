import { describe, expect, it } from 'vitest';
import { markdownToBlocks } from './index.ts';

describe('markdownToBlocks', () => {
  it('turns headings and styled runs into structure, not Markdown syntax', () => {
    expect(markdownToBlocks('## Access\n\nUse **strong** *and* ~~old~~ `mfa`\nnow  \nnext')).toEqual([
      { type: 'heading', level: 2, runs: [{ text: 'Access' }] },
      {
        type: 'paragraph',
        runs: [
          { text: 'Use ' },
          { text: 'strong', bold: true },
          { text: ' ' },
          { text: 'and', italic: true },
          { text: ' ' },
          { text: 'old', strike: true },
          { text: ' ' },
          { text: 'mfa', code: true },
          { text: ' ' },
          { text: 'now' },
          { text: '\n' },
          { text: 'next' },
        ],
      },
    ]);
  });

  it('prints where a link goes after its text, once', () => {
    const [p] = markdownToBlocks(
      '[NCSC](https://www.ncsc.gov.uk/) and https://example.org and [mail](mailto:a@b.example) and [x](javascript:alert(1))',
    );
    expect(p).toEqual({
      type: 'paragraph',
      runs: [
        { text: 'NCSC' },
        { text: ' (https://www.ncsc.gov.uk/)' },
        { text: ' and ' },
        { text: 'https://example.org' },
        { text: ' and ' },
        { text: 'mail' },
        { text: ' (a@b.example)' },
        { text: ' and [x](javascript:alert(1))' },
      ],
    });
  });

  it('keeps list nesting, numbering start and tables', () => {
    const blocks = markdownToBlocks('3. three\n   - sub\n4. four\n\n| A | B |\n|---|---|\n| 1 |\n');
    expect(blocks[0]).toEqual({
      type: 'list',
      ordered: true,
      start: 3,
      items: [
        [
          { type: 'paragraph', runs: [{ text: 'three' }] },
          { type: 'list', ordered: false, start: 1, items: [[{ type: 'paragraph', runs: [{ text: 'sub' }] }]] },
        ],
        [{ type: 'paragraph', runs: [{ text: 'four' }] }],
      ],
    });
    expect(blocks[1]).toEqual({
      type: 'table',
      header: [[{ text: 'A' }], [{ text: 'B' }]],
      rows: [[[{ text: '1' }], []]],
    });
  });

  it('keeps raw HTML as text and code blocks verbatim', () => {
    expect(markdownToBlocks('<b onclick="x">hi</b>\n\n```\na  b\n```\n\n> quoted\n\n---')).toEqual([
      { type: 'paragraph', runs: [{ text: '<b onclick="x">hi</b>' }] },
      { type: 'code', text: 'a  b' },
      { type: 'quote', blocks: [{ type: 'paragraph', runs: [{ text: 'quoted' }] }] },
      { type: 'rule' },
    ]);
  });
});
