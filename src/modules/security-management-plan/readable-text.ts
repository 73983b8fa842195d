import { markdownToBlocks, type Block, type Run } from '../../platform/documents/index.ts';

/**
 * One thing a reader sees in a section: a heading, a paragraph, a list item, a table row (its
 * cells) or a code block. Its text is what the page shows, not the Markdown that produced it.
 */
export interface ReadableBlock {
  kind: 'heading' | 'paragraph' | 'item' | 'row' | 'code';
  /** How deep in lists (and quotes) it sits, for indenting the comparison. */
  depth: number;
  /** A table's header row. */
  header?: boolean;
  /** One text for most blocks; a row's cells for a table row. */
  cells: string[];
}

const textOf = (runs: Run[]) => runs.map((r) => (r.text === '\n' ? ' ' : r.text)).join('');

function flatten(blocks: Block[], depth: number): ReadableBlock[] {
  return blocks.flatMap((b): ReadableBlock[] => {
    if (b.type === 'heading' || b.type === 'paragraph') return [{ kind: b.type, depth, cells: [textOf(b.runs)] }];
    if (b.type === 'code') return [{ kind: 'code', depth, cells: [b.text] }];
    if (b.type === 'quote') return flatten(b.blocks, depth);
    if (b.type === 'table')
      return [
        ...(b.header.length ? [{ kind: 'row' as const, depth, header: true, cells: b.header.map(textOf) }] : []),
        ...b.rows.map((r) => ({ kind: 'row' as const, depth, cells: r.map(textOf) })),
      ];
    if (b.type === 'list')
      // An item is its first paragraph; whatever else it holds (nested lists, more paragraphs) sits under it.
      return b.items.flatMap((item) => {
        const [first, ...rest] = item;
        const lead = first?.type === 'paragraph' ? textOf(first.runs) : '';
        return [
          { kind: 'item' as const, depth, cells: [lead] },
          ...flatten(first?.type === 'paragraph' ? rest : item, depth + 1),
        ];
      });
    return []; // a rule has no words
  });
}

/** A section's Markdown as the blocks a reader sees, in order (list markers and emphasis are not text). */
export function readableBlocks(markdown: string): ReadableBlock[] {
  return flatten(markdownToBlocks(markdown), 0);
}

/**
 * Text as compared: typographic quotes, apostrophes and dashes read as their plain forms, and any
 * run of spaces as one, so retyping "don't" as "don’t" is not a change.
 */
export function comparable(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words, spaces and punctuation of a text, as the word-level comparison steps through them. */
export const tokens = (text: string): string[] => text.match(/\s+|[\p{L}\p{N}'\u2019_]+|[^\s\p{L}\p{N}]/gu) ?? [];
