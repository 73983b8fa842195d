import type { Block, Run } from './markdown-blocks.ts';
import { artifact, BODY, child, tagged, type Pdf, type RunWriter, type Struct } from './pdf-runs.ts';
import { writeTable, type TableCell } from './pdf-table.ts';

// Writers for Markdown blocks on a pdfkit page, each tagged with its structure (headings, paragraphs,
// lists, tables, quotes) so a screen reader or reflowing viewer reads the plan as it was written.

export const HEADING_SIZES = [22, 18, 15, 13, 12, 11, 11];
const STEP = 18; // indent per list or quote level
const MAX_INDENT = 6 * STEP; // deeper nesting stops moving right, so text always has room
const WIDE_TABLE = 8; // beyond this many columns each cell would be a few points wide

/** Starts a new page when fewer than `points` remain, so a heading is never stranded at the bottom. */
export function ensureSpace(doc: Pdf, points: number): void {
  if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** Writes a heading of the given structure level (H1–H6) with runs in bold. */
export function writeHeading(w: RunWriter, parent: Struct, level: number, runs: Run[], x: number): void {
  tagged(w.doc, parent, `H${level}`, () => w.write(runs, x, { size: HEADING_SIZES[level - 1], bold: true }));
}

const inner = (doc: Pdf, x: number) => Math.min(x + STEP, doc.page.margins.left + MAX_INDENT);

/** A table too wide for the page, printed row by row as "Header: value" lines so nothing is squeezed out of sight. */
function writeLinearTable(w: RunWriter, parent: Struct, block: Extract<Block, { type: 'table' }>, x: number): void {
  const { doc } = w;
  const div = child(doc, parent, 'Div');
  block.rows.forEach((row, r) => {
    ensureSpace(doc, 40);
    row.forEach((cell, c) => {
      const label = block.header[c]?.length ? block.header[c]! : [{ text: `Column ${c + 1}` }];
      tagged(doc, div, 'P', () =>
        w.write([...label.map((l) => ({ ...l, bold: true })), { text: ': ', bold: true }, ...cell], x),
      );
    });
    if (r < block.rows.length - 1) doc.moveDown(0.5);
  });
  div.end();
  doc.moveDown(0.5);
}

function writeMarkdownTable(w: RunWriter, parent: Struct, block: Extract<Block, { type: 'table' }>, x: number): void {
  const rows: TableCell[][] = [
    ...(block.header.length ? [block.header.map((runs) => ({ runs, header: 'Column' as const }))] : []),
    ...block.rows.map((row) => row.map((runs) => ({ runs }))),
  ];
  const columns = rows.reduce((max, r) => Math.max(max, r.length), 1);
  const full = rows.map((r) => Array.from({ length: columns }, (_, c) => r[c] ?? { runs: [] }));
  const fractions = Array.from({ length: columns }, () => 1);
  if (columns <= WIDE_TABLE) writeTable(w, parent, full, x, fractions);
  else writeLinearTable(w, parent, block, x);
}

function writeList(w: RunWriter, parent: Struct, block: Extract<Block, { type: 'list' }>, x: number): void {
  const { doc } = w;
  const list = child(doc, parent, 'L');
  block.items.forEach((item, n) => {
    ensureSpace(doc, 30);
    const li = child(doc, list, 'LI');
    const y = doc.y;
    // Deep nesting stops moving right, but the marker always keeps its own column left of the text.
    const marker = Math.min(x, doc.page.margins.left + MAX_INDENT - STEP);
    tagged(doc, li, 'Lbl', () =>
      w
        .use('sans', BODY)
        .text(block.ordered ? `${block.start + n}.` : '•', marker, y, { width: STEP, lineBreak: false }),
    );
    doc.y = y;
    // Each item's blocks sit to the right of its marker; nested lists indent further the same way.
    const body = child(doc, li, 'LBody');
    renderBlocks(w, body, item, marker + STEP);
    body.end();
    li.end();
    if (item.length === 0) doc.moveDown(1); // an empty item still takes its line, or markers overlap
  });
  list.end();
  doc.moveDown(0.2);
}

/** Writes Markdown blocks at x as tagged content under parent; headings at their (already shifted) level. */
export function renderBlocks(w: RunWriter, parent: Struct, blocks: Block[], x: number): void {
  const { doc } = w;
  for (const block of blocks) {
    if (block.type === 'heading') {
      ensureSpace(doc, 60);
      doc.moveDown(0.4);
      writeHeading(w, parent, block.level, block.runs, x);
      doc.moveDown(0.2);
    } else if (block.type === 'paragraph') {
      tagged(doc, parent, 'P', () => w.write(block.runs, x));
      doc.moveDown(0.5);
    } else if (block.type === 'code') {
      const paragraph = child(doc, parent, 'P');
      tagged(doc, paragraph, 'Code', () => {
        for (const line of block.text.split('\n')) w.write([{ text: line || ' ', code: true }], x + 8);
      });
      paragraph.end();
      doc.moveDown(0.5);
    } else if (block.type === 'quote') {
      const quote = child(doc, parent, 'BlockQuote');
      renderBlocks(w, quote, block.blocks, inner(doc, x));
      quote.end();
    } else if (block.type === 'rule') {
      ensureSpace(doc, 12);
      artifact(doc, 'Layout', () =>
        doc
          .moveTo(x, doc.y + 4)
          .lineTo(doc.page.width - doc.page.margins.right, doc.y + 4)
          .lineWidth(0.5)
          .stroke(),
      );
      doc.moveDown(0.8);
    } else if (block.type === 'table') writeMarkdownTable(w, parent, block, x);
    else if (block.type === 'list') writeList(w, parent, block, x);
  }
}
