import PDFDocument from 'pdfkit';
import { ensureSpace, renderBlocks, writeHeading } from './pdf-blocks.ts';
import { artifact, child, RunWriter, tagged, type Pdf, type Struct } from './pdf-runs.ts';
import { writeTable } from './pdf-table.ts';
import { sectionBlocks } from './plan-tables.ts';
import {
  APPROVAL_HEADING,
  cleanText,
  createdAtOf,
  NO_APPROVAL_TEXT,
  type LabelledRow,
  type PlanDocument,
} from './plan-document.ts';

export interface PdfOptions {
  /** Deflate page content (default true). */
  compress?: boolean;
}

const MARGIN = 56; // about 2 cm
const LANGUAGE = 'en-GB';
// pdfkit writes PDF/UA's identifier for this subset; its type definitions list only the PDF/A ones.
const PDF_UA = 'PDF/UA' as PDFKit.Mixins.PDFSubsets;

// pdfkit copies the title into the XMP metadata without escaping it, so an ampersand or angle
// bracket would make that XML ill-formed; the metadata gets a spelling without them.
const metadataTitle = (title: string) => title.replace(/&/g, 'and').replace(/</g, '‹').replace(/>/g, '›');

/** A labelled table: each row's label is the header (TH, row scope) of its value. */
function writeLabelled(w: RunWriter, parent: Struct, rows: LabelledRow[]): void {
  const cells = rows.map((r) => [
    { runs: [{ text: cleanText(r.label) }], header: 'Row' as const },
    { runs: [{ text: cleanText(r.value) }] },
  ]);
  writeTable(w, parent, cells, MARGIN, [3, 7]);
}

function writeFooters(w: RunWriter): void {
  const { doc } = w;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would make pdfkit start another page; lift the margin while we do.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    artifact(doc, 'Pagination', () =>
      w.use('sans', 9).text(`Page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN / 2 - 6, {
        width: doc.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      }),
    );
    doc.page.margins.bottom = bottom;
  }
}

function newDocument(plan: PlanDocument, title: string, compress: boolean): Pdf {
  const created = createdAtOf(plan);
  return new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true, // page numbers need the total, known only at the end
    compress,
    // PDF/UA-1: tagged, its identifier in the XMP metadata, language and title shown in the window.
    pdfVersion: '1.7',
    tagged: true,
    subset: PDF_UA,
    lang: LANGUAGE,
    displayTitle: true,
    info: {
      Title: metadataTitle(title),
      Author: cleanText(plan.author ?? 'Custodian'),
      Creator: 'Custodian',
      CreationDate: created,
      ModDate: created,
    },
  });
}

/**
 * A plan version as a tagged (PDF/UA) A4 PDF with embedded, subsetted Unicode fonts: cover page,
 * sections in order, approval record last, page numbers in the footer.
 */
export function planToPdf(plan: PlanDocument, options: PdfOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    try {
      const title = cleanText(plan.title);
      const doc = newDocument(plan, title, options.compress ?? true);
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      const w = new RunWriter(doc);
      const root = doc.struct('Document');
      doc.addStructure(root);

      doc.y = MARGIN + 40;
      tagged(doc, root, 'H1', () => w.write([{ text: title }], MARGIN, { size: 24, bold: true }));
      doc.moveDown(1);
      writeLabelled(w, root, plan.cover.rows);

      doc.addPage();
      plan.sections.forEach((section, i) => {
        if (i > 0) doc.moveDown(0.8);
        ensureSpace(doc, 80);
        const sect = child(doc, root, 'Sect');
        // A section is H2 under the plan's H1; its own headings follow from there (see sectionBlocks).
        writeHeading(w, sect, 2, [{ text: cleanText(section.heading) }], MARGIN);
        doc.moveDown(0.4);
        renderBlocks(w, sect, sectionBlocks(section, 2, plan.documents), MARGIN);
        sect.end();
      });

      doc.addPage();
      const approval = child(doc, root, 'Sect');
      writeHeading(w, approval, 2, [{ text: APPROVAL_HEADING }], MARGIN);
      doc.moveDown(0.4);
      if (plan.approval && plan.approval.rows.length > 0) writeLabelled(w, approval, plan.approval.rows);
      else tagged(doc, approval, 'P', () => w.write([{ text: NO_APPROVAL_TEXT }], MARGIN));
      approval.end();

      writeFooters(w);
      root.end();
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
