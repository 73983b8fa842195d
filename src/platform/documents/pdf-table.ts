import type { Run } from './markdown-blocks.ts';
import { artifact, BODY, child, type Pdf, type RunWriter, type Struct } from './pdf-runs.ts';

// Tables drawn cell by cell rather than with pdfkit's doc.table, which prints each cell in a single
// font: a cell here may mix Latin with Chinese, each in a font that has its glyphs.

export interface TableCell {
  runs: Run[];
  /** A header cell (TH) for its column or its row; otherwise a data cell (TD). */
  header?: 'Column' | 'Row';
}

const PADDING = 4;
const SIZE = BODY - 1;

const widthsOf = (doc: Pdf, x: number, fractions: number[]) => {
  const total = doc.page.width - doc.page.margins.right - x;
  const sum = fractions.reduce((a, b) => a + b, 0);
  return fractions.map((f) => (total * f) / sum);
};

const rowHeight = (w: RunWriter, row: TableCell[], widths: number[]) =>
  Math.max(
    ...row.map((cell, c) => w.height(cell.runs, widths[c]! - 2 * PADDING, { size: SIZE, bold: Boolean(cell.header) })),
  ) +
  2 * PADDING;

/**
 * Writes a tagged table (Table, TR, TH with its scope, TD) at x, columns sized by the given
 * fractions; a row that would cross the page foot starts on the next page, and one taller than a
 * page is printed with its cells one under another.
 */
export function writeTable(w: RunWriter, parent: Struct, rows: TableCell[][], x: number, fractions: number[]): void {
  const { doc } = w;
  const widths = widthsOf(doc, x, fractions);
  const table = child(doc, parent, 'Table');
  for (const row of rows) {
    const height = rowHeight(w, row, widths);
    const page = doc.page;
    if (height > page.height - page.margins.top - page.margins.bottom) writeTallRow(w, table, row, x);
    else {
      if (doc.y + height > page.height - page.margins.bottom && doc.y > page.margins.top) doc.addPage();
      writeRow(w, table, row, x, widths, height);
    }
  }
  table.end();
  doc.moveDown(0.5);
}

function writeRow(w: RunWriter, table: Struct, row: TableCell[], x: number, widths: number[], height: number): void {
  const { doc } = w;
  const top = doc.y;
  let left = x;
  const lefts = widths.map((width) => (left += width) - width);
  artifact(doc, 'Layout', () => {
    row.forEach((cell, c) => {
      if (cell.header === 'Column') doc.rect(lefts[c]!, top, widths[c]!, height).fill('#eeeeee');
      doc.rect(lefts[c]!, top, widths[c]!, height).lineWidth(0.5).stroke('#888888');
    });
    doc.fillColor('black');
  });
  const tr = child(doc, table, 'TR');
  row.forEach((cell, c) => {
    const element = child(doc, tr, cell.header ? 'TH' : 'TD', cell.header ? scope(cell.header) : {});
    element.add(() => {
      doc.y = top + PADDING;
      w.write(cell.runs, lefts[c]! + PADDING, {
        width: widths[c]! - 2 * PADDING,
        size: SIZE,
        bold: Boolean(cell.header),
      });
    });
    element.end();
  });
  tr.end();
  doc.x = doc.page.margins.left;
  doc.y = top + height;
}

/** A row taller than a page: its cells one under another at full width, free to run over pages. */
function writeTallRow(w: RunWriter, table: Struct, row: TableCell[], x: number): void {
  const { doc } = w;
  const tr = child(doc, table, 'TR');
  doc.moveDown(0.5);
  for (const cell of row) {
    const element = child(doc, tr, cell.header ? 'TH' : 'TD', cell.header ? scope(cell.header) : {});
    element.add(() => w.write(cell.runs, x, { size: SIZE, bold: Boolean(cell.header) }));
    element.end();
    doc.moveDown(0.3);
  }
  tr.end();
  artifact(doc, 'Layout', () =>
    doc
      .moveTo(x, doc.y)
      .lineTo(doc.page.width - doc.page.margins.right, doc.y)
      .lineWidth(0.5)
      .stroke('#888888'),
  );
  doc.moveDown(0.5);
}

// pdfkit 0.20 writes a header cell's /Scope attribute from this option; its type definitions predate it.
const scope = (value: 'Column' | 'Row') => ({ scope: value }) as PDFKit.Mixins.StructureElementOptions;
