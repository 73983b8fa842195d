import { markdownToBlocks, type Block } from './markdown-blocks.ts';
import { cleanText, type PlainTable, type PlanDocument } from './plan-document.ts';

/** A plain table as blocks both writers already print (and the PDF tags): heading, then table or its empty text. */
export function plainTableBlocks(table: PlainTable): Block[] {
  const runs = (text: string) => [{ text: cleanText(text) }];
  return [
    ...(table.heading ? [{ type: 'heading' as const, level: 2, runs: runs(table.heading) }] : []),
    table.rows.length
      ? { type: 'table' as const, header: table.columns.map(runs), rows: table.rows.map((r) => r.map(runs)) }
      : { type: 'paragraph' as const, runs: runs(table.empty) },
  ];
}

/** What a section prints under its heading: its Markdown, then its plain tables. */
export const sectionBlocks = (section: PlanDocument['sections'][number]): Block[] => [
  ...markdownToBlocks(section.markdown),
  ...(section.tables ?? []).flatMap(plainTableBlocks),
];
