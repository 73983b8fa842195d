import type { Block, Run } from './markdown-blocks.ts';
import { toWinAnsi } from './win-ansi.ts';

// Writers for Markdown blocks on a pdfkit page. pdfkit wraps text and breaks over-long words itself;
// these add structure (headings, lists, tables) and keep everything inside the page width.

export type Pdf = PDFKit.PDFDocument;
const BODY = 11;
export const HEADING_SIZES = [22, 18, 15, 13, 12, 11, 11];
const STEP = 18; // indent per list or quote level
const MAX_INDENT = 6 * STEP; // deeper nesting stops moving right, so text always has room
const WIDE_TABLE = 8; // beyond this many columns each cell would be a few points wide
const font = (run: Run) =>
  run.code
    ? 'Courier'
    : run.bold && run.italic
      ? 'Helvetica-BoldOblique'
      : run.bold
        ? 'Helvetica-Bold'
        : run.italic
          ? 'Helvetica-Oblique'
          : 'Helvetica';
const textOf = (runs: Run[]) => toWinAnsi(runs.map((r) => r.text).join(''));

/** Starts a new page when fewer than `points` remain, so a heading is never stranded at the bottom. */
export function ensureSpace(doc: Pdf, points: number): void {
  if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** Writes styled runs as one wrapped paragraph at x; pdfkit breaks over-long words (hashes) itself. */
export function writeRuns(doc: Pdf, runs: Run[], x: number, size = BODY, extra: { bold?: boolean } = {}): void {
  const parts = runs.filter((r) => r.text !== '');
  const width = doc.page.width - doc.page.margins.right - x;
  if (parts.length === 0) return void doc.moveDown(0.3);
  parts.forEach((run, i) => {
    doc.font(font({ ...run, bold: run.bold || extra.bold })).fontSize(run.code ? size - 1 : size);
    const options = { width, continued: i < parts.length - 1, lineGap: 2 };
    if (i === 0) doc.text(toWinAnsi(run.text), x, doc.y, options);
    else doc.text(toWinAnsi(run.text), options);
  });
}

export type Cell = string | { text: string; font: { src: string } };

export function writeTable(doc: Pdf, rows: Cell[][], x: number, header: boolean, columnStyles?: string[]): void {
  const columns = rows.reduce((max, r) => Math.max(max, r.length), 1);
  doc.font('Helvetica').fontSize(BODY - 1);
  doc.table({
    position: { x, y: doc.y },
    maxWidth: doc.page.width - doc.page.margins.right - x,
    ...(columnStyles ? { columnStyles } : {}),
    defaultStyle: { padding: 4, border: 0.5, borderColor: '#888888' },
    rowStyles: (i) => (header && i === 0 ? { backgroundColor: '#eeeeee', font: { src: 'Helvetica-Bold' } } : undefined),
    data: rows.map((r) => Array.from({ length: columns }, (_, c) => r[c] ?? '')),
  });
  doc.x = doc.page.margins.left;
  doc.moveDown(0.5);
}

const inner = (doc: Pdf, x: number) => Math.min(x + STEP, doc.page.margins.left + MAX_INDENT);

/** A table too wide for the page, printed row by row as "Header: value" lines so nothing is squeezed out of sight. */
function writeWideTable(doc: Pdf, block: Extract<Block, { type: 'table' }>, x: number): void {
  block.rows.forEach((row, r) => {
    ensureSpace(doc, 40);
    row.forEach((cell, c) => {
      const label = block.header[c]?.length ? textOf(block.header[c]!) : `Column ${c + 1}`;
      writeRuns(doc, [{ text: `${label}: `, bold: true }, ...cell], x);
    });
    if (r < block.rows.length - 1) doc.moveDown(0.5);
  });
  doc.moveDown(0.5);
}

export function renderBlocks(doc: Pdf, blocks: Block[], x: number): void {
  for (const block of blocks) {
    if (block.type === 'heading') {
      ensureSpace(doc, 60);
      doc.moveDown(0.4);
      writeRuns(doc, block.runs, x, HEADING_SIZES[Math.min(Math.max(block.level, 2), 6)], { bold: true });
      doc.moveDown(0.2);
    } else if (block.type === 'paragraph') {
      writeRuns(doc, block.runs, x);
      doc.moveDown(0.5);
    } else if (block.type === 'code') {
      for (const line of block.text.split('\n')) writeRuns(doc, [{ text: line || ' ', code: true }], x + 8);
      doc.moveDown(0.5);
    } else if (block.type === 'quote') renderBlocks(doc, block.blocks, inner(doc, x));
    else if (block.type === 'rule') {
      ensureSpace(doc, 12);
      doc
        .moveTo(x, doc.y + 4)
        .lineTo(doc.page.width - doc.page.margins.right, doc.y + 4)
        .lineWidth(0.5)
        .stroke();
      doc.moveDown(0.8);
    } else if (block.type === 'table') {
      const rows = (block.header.length ? [block.header, ...block.rows] : block.rows).map((r) => r.map(textOf));
      if (rows.every((r) => r.length <= WIDE_TABLE)) writeTable(doc, rows, x, block.header.length > 0);
      else writeWideTable(doc, block, x);
    } else if (block.type === 'list') {
      block.items.forEach((item, n) => {
        ensureSpace(doc, 30);
        const y = doc.y;
        doc
          .font('Helvetica')
          .fontSize(BODY)
          .text(block.ordered ? `${block.start + n}.` : '•', x, y, { width: STEP, lineBreak: false });
        doc.y = y;
        // Each item's blocks sit to the right of its marker; nested lists indent further the same way.
        renderBlocks(doc, item, inner(doc, x));
        if (item.length === 0) doc.moveDown(1); // an empty item still takes its line, or markers overlap
      });
      doc.moveDown(0.2);
    }
  }
}
