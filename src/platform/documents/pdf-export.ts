import PDFDocument from 'pdfkit';
import { markdownToBlocks } from './markdown-blocks.ts';
import { ensureSpace, HEADING_SIZES, renderBlocks, writeRuns, writeTable, type Cell } from './pdf-blocks.ts';
import {
  APPROVAL_HEADING,
  cleanText,
  createdAtOf,
  NO_APPROVAL_TEXT,
  type LabelledRow,
  type PlanDocument,
} from './plan-document.ts';
import { toWinAnsi } from './win-ansi.ts';

export interface PdfOptions {
  /** Deflate page content (default true). Tests turn it off to read the text back. */
  compress?: boolean;
}

const MARGIN = 56; // about 2 cm

const rowsOf = (rows: LabelledRow[]): Cell[][] =>
  rows.map((r) => [
    { text: toWinAnsi(cleanText(r.label)), font: { src: 'Helvetica-Bold' } },
    toWinAnsi(cleanText(r.value)),
  ]);

/** A plan version as an A4 PDF: cover page, sections in order, approval record last, page numbers in the footer. */
export function planToPdf(plan: PlanDocument, options: PdfOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    try {
      const created = createdAtOf(plan);
      const title = cleanText(plan.title);
      const doc = new PDFDocument({
        size: 'A4',
        margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
        bufferPages: true, // page numbers need the total, known only at the end
        compress: options.compress ?? true,
        displayTitle: true,
        lang: 'en-GB',
        info: {
          Title: title,
          Author: cleanText(plan.author ?? 'Custodian'),
          Creator: 'Custodian',
          CreationDate: created,
          ModDate: created,
        },
      });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      const left = doc.page.margins.left;

      doc
        .font('Helvetica-Bold')
        .fontSize(24)
        .text(toWinAnsi(title), left, MARGIN + 40, { lineGap: 4 });
      doc.moveDown(1);
      writeTable(doc, rowsOf(plan.cover.rows), left, false, ['30%', '70%']);

      doc.addPage();
      plan.sections.forEach((section, i) => {
        if (i > 0) doc.moveDown(0.8);
        ensureSpace(doc, 80);
        writeRuns(doc, [{ text: cleanText(section.heading) }], left, HEADING_SIZES[1], { bold: true });
        doc.moveDown(0.4);
        renderBlocks(doc, markdownToBlocks(section.markdown), left);
      });

      doc.addPage();
      writeRuns(doc, [{ text: APPROVAL_HEADING }], left, HEADING_SIZES[1], { bold: true });
      doc.moveDown(0.4);
      if (plan.approval && plan.approval.rows.length > 0)
        writeTable(doc, rowsOf(plan.approval.rows), left, false, ['30%', '70%']);
      else writeRuns(doc, [{ text: NO_APPROVAL_TEXT }], left);

      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        // Writing inside the bottom margin would make pdfkit start another page; lift the margin while we do.
        const bottom = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc
          .font('Helvetica')
          .fontSize(9)
          .text(`Page ${i + 1} of ${range.count}`, left, doc.page.height - MARGIN / 2 - 6, {
            width: doc.page.width - 2 * MARGIN,
            align: 'center',
            lineBreak: false,
          });
        doc.page.margins.bottom = bottom;
      }
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
