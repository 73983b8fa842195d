import type { DocumentLink } from './doc-references.ts';
import { shiftedHeadingLevels } from './heading-levels.ts';
import { markdownToBlocks, type Block } from './markdown-blocks.ts';
import { cleanText, type PlainTable, type PlanDocument } from './plan-document.ts';

/** A plain table as blocks both writers already print (and the PDF tags): heading, then table or its empty text. */
export function plainTableBlocks(table: PlainTable, level: number): Block[] {
  const runs = (text: string) => [{ text: cleanText(text) }];
  return [
    ...(table.heading ? [{ type: 'heading' as const, level, runs: runs(table.heading) }] : []),
    table.rows.length
      ? { type: 'table' as const, header: table.columns.map(runs), rows: table.rows.map((r) => r.map(runs)) }
      : { type: 'paragraph' as const, runs: runs(table.empty) },
  ];
}

/** Every heading in the blocks, in reading order (headings can sit in list items and quotes). */
function headingsIn(blocks: Block[]): Extract<Block, { type: 'heading' }>[] {
  return blocks.flatMap((b) =>
    b.type === 'heading'
      ? [b]
      : b.type === 'quote'
        ? headingsIn(b.blocks)
        : b.type === 'list'
          ? b.items.flatMap(headingsIn)
          : [],
  );
}

/**
 * What a section prints under its heading of level `base`: its Markdown, headings shifted below the
 * section's as on the page (shiftedHeadingLevels), then its plain tables headed one level below it.
 */
export function sectionBlocks(
  section: PlanDocument['sections'][number],
  base: number,
  documents?: readonly DocumentLink[],
): Block[] {
  const blocks = markdownToBlocks(section.markdown, documents);
  const headings = headingsIn(blocks);
  const levels = shiftedHeadingLevels(
    headings.map((h) => h.level),
    base,
  );
  headings.forEach((h, i) => (h.level = levels[i]!));
  return [...blocks, ...(section.tables ?? []).flatMap((t) => plainTableBlocks(t, base + 1))];
}
