import PDFDocument from 'pdfkit';
import type { Run } from './markdown-blocks.ts';
import { piecesOf, useFace, type Face } from './pdf-fonts.ts';

export type Pdf = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;
export const BODY = 11;

interface RunOptions {
  size?: number;
  bold?: boolean;
  /** Defaults to the rest of the line from x to the right margin. */
  width?: number;
}

// A page far taller than any cell, so measuring never starts a new page.
const SCRATCH_HEIGHT = 10_000_000;

/**
 * Writes styled runs onto a document with the embedded fonts, and measures them: the measuring
 * copy writes the same runs on a scratch document, so a table knows a row's height before drawing it.
 */
export class RunWriter {
  private readonly faces = new Set<Face>();
  private scratch: RunWriter | undefined;

  constructor(readonly doc: Pdf) {}

  /** Makes a face current, for text written directly with doc.text (list markers, footers). */
  use(face: Face, size: number): Pdf {
    useFace(this.doc, this.faces, face, size);
    return this.doc;
  }

  /** Writes runs as one wrapped paragraph at x from the current y; pdfkit breaks over-long words (hashes) itself. */
  write(runs: Run[], x: number, options: RunOptions = {}): void {
    const { doc } = this;
    const size = options.size ?? BODY;
    const width = options.width ?? doc.page.width - doc.page.margins.right - x;
    const parts = runs
      .filter((r) => r.text !== '')
      .flatMap((run) => {
        const style = { ...run, bold: run.bold || options.bold };
        return piecesOf(run.text, style).map((piece) => ({ ...piece, run }));
      });
    if (parts.length === 0) return void doc.moveDown(0.3);
    parts.forEach((part, i) => {
      this.use(part.face, part.run.code ? size - 1 : size);
      const textOptions = { width, continued: i < parts.length - 1, lineGap: 2, strike: Boolean(part.run.strike) };
      if (i === 0) doc.text(part.text, x, doc.y, textOptions);
      else doc.text(part.text, textOptions);
    });
  }

  /** The height runs take when written in a column of the given width. */
  height(runs: Run[], width: number, options: Omit<RunOptions, 'width'> = {}): number {
    if (!this.scratch) {
      const scratch = new PDFDocument({ size: [width + 1000, SCRATCH_HEIGHT], margin: 0, compress: false });
      scratch.on('data', () => undefined); // discarded: only its cursor is read
      this.scratch = new RunWriter(scratch);
    }
    const { doc } = this.scratch;
    if (doc.y > SCRATCH_HEIGHT / 2) doc.addPage();
    const top = doc.y;
    this.scratch.write(runs, 0, { ...options, width });
    return doc.y - top;
  }
}

/** A structure element added to its parent at once, so content written into it is tagged in order. */
export function child(
  doc: Pdf,
  parent: Struct,
  type: string,
  options: PDFKit.Mixins.StructureElementOptions = {},
): Struct {
  const element = doc.struct(type, options);
  parent.add(element);
  return element;
}

/** Writes content as one tagged element of the given type under parent. */
export function tagged(doc: Pdf, parent: Struct, type: string, write: () => void): void {
  const element = child(doc, parent, type);
  element.add(write);
  element.end();
}

/** Draws page furniture (rules, borders, footers) marked as an artifact, so assistive technology skips it. */
export function artifact(doc: Pdf, type: 'Layout' | 'Pagination', draw: () => void): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}
