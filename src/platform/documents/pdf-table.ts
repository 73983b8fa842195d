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

/** Rows taller than this would not fit on a page; the caller prints such a table another way. */
export const fitsOnPage = (w: RunWriter, rows: TableCell[][], x: number, fractions: number[]): boolean => {
  const page = w.doc.page;
  const room = page.height - page.margins.top - page.margins.bottom;
  return rows.every((row) => rowHeight(w, row, widthsOf(w.doc, x, fractions)) <= room);
};

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
 * fractions; a row that would cross the page foot starts on the next page.
 */
export function writeTable(w: RunWriter, parent: Struct, rows: TableCell[][], x: number, fractions: number[]): void {
  const { doc } = w;
  const widths = widthsOf(doc, x, fractions);
  const table = child(doc, parent, 'Table');
  for (const row of rows) {
    const height = rowHeight(w, row, widths);
    const bottom = doc.page.height - doc.page.margins.bottom;
    if (doc.y + height > bottom && doc.y > doc.page.margins.top) doc.addPage();
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
  table.end();
  doc.moveDown(0.5);
}

// pdfkit 0.20 writes a header cell's /Scope attribute from this option; its type definitions predate it.
const scope = (value: 'Column' | 'Row') => ({ scope: value }) as PDFKit.Mixins.StructureElementOptions;
