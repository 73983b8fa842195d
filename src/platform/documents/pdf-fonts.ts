import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font } from 'fontkit';
import { woffToSfnt } from './woff-to-sfnt.ts';

// Fonts embedded in every PDF, from npm packages whose licences allow embedding: DejaVu Sans and
// DejaVu Sans Mono (Bitstream Vera licence; Latin with Welsh ŵ ŷ, Greek, Cyrillic, arrows, maths, ✓ ✗),
// then Noto Sans SC (Chinese and Japanese) and Noto Sans KR (Korean), both SIL OFL 1.1, for what
// DejaVu lacks. pdfkit embeds only the glyphs a document uses, so a short plan stays small even with
// 8 MB CJK fonts behind it.

export type Face =
  | 'sans'
  | 'sansBold'
  | 'sansItalic'
  | 'sansBoldItalic'
  | 'mono'
  | 'monoBold'
  | 'cjk'
  | 'cjkBold'
  | 'korean'
  | 'koreanBold';

const require = createRequire(import.meta.url);
const fontsource = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/LICENSE`)), 'files', file);
const embedpdf = (pkg: string, file: string) => join(dirname(require.resolve(pkg)), '..', 'fonts', file);

const FILES: Record<Face, () => string> = {
  sans: () => fontsource('@fontsource/dejavu-sans', 'dejavu-sans-latin-400-normal.woff'),
  sansBold: () => fontsource('@fontsource/dejavu-sans', 'dejavu-sans-latin-700-normal.woff'),
  sansItalic: () => fontsource('@fontsource/dejavu-sans', 'dejavu-sans-latin-400-italic.woff'),
  sansBoldItalic: () => fontsource('@fontsource/dejavu-sans', 'dejavu-sans-latin-700-italic.woff'),
  mono: () => fontsource('@fontsource/dejavu-mono', 'dejavu-mono-latin-400-normal.woff'),
  monoBold: () => fontsource('@fontsource/dejavu-mono', 'dejavu-mono-latin-700-normal.woff'),
  cjk: () => embedpdf('@embedpdf/fonts-sc', 'NotoSansHans-Regular.otf'),
  cjkBold: () => embedpdf('@embedpdf/fonts-sc', 'NotoSansHans-Bold.otf'),
  korean: () => embedpdf('@embedpdf/fonts-kr', 'NotoSansKR-Regular.otf'),
  koreanBold: () => embedpdf('@embedpdf/fonts-kr', 'NotoSansKR-Bold.otf'),
};

interface Loaded {
  /** The font file (a WOFF already unpacked): each document parses its own copy from these bytes. */
  bytes: Buffer;
  /** Parsed once per process, only to ask which characters the face has (its cmap, never changed). */
  font: Font;
}

// Font files are read-only assets: read once per process, and only when a document first needs the
// face, so plans without Chinese, Japanese or Korean never load the CJK files.
const loaded = new Map<Face, Loaded>();
function load(face: Face): Loaded {
  let entry = loaded.get(face);
  if (!entry) {
    const file = FILES[face]();
    const bytes = file.endsWith('.woff') ? woffToSfnt(readFileSync(file)) : readFileSync(file);
    entry = { bytes, font: create(bytes) as Font };
    loaded.set(face, entry);
  }
  return entry;
}

export interface TextStyle {
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
}

/** The faces tried in turn for a style: its own, then the plain sans of that weight, then Chinese and Japanese, then Korean. */
function chainOf(style: TextStyle): Face[] {
  const bold = Boolean(style.bold);
  const first: Face = style.code
    ? bold
      ? 'monoBold'
      : 'mono'
    : style.italic
      ? bold
        ? 'sansBoldItalic'
        : 'sansItalic'
      : bold
        ? 'sansBold'
        : 'sans';
  const fallbacks: Face[] = bold ? ['sansBold', 'cjkBold', 'koreanBold'] : ['sans', 'cjk', 'korean'];
  return [...new Set<Face>([first, ...fallbacks])];
}

/** A stretch of text printed in one face. */
export interface Piece {
  face: Face;
  text: string;
}

const REPLACEMENT = '\uFFFD';
const INVISIBLE = /^\p{Cf}$/u; // soft hyphen, zero-width space and the like: nothing to draw
const JOINS_PREVIOUS = /^[\s\p{M}]$/u; // spaces and combining marks stay in the face of what precedes them

/**
 * Splits text into pieces, each in the first face of the style's chain that has every glyph, so no
 * character is drawn with the wrong glyph or the font's empty .notdef box (which PDF/UA forbids). A
 * character no embedded font has is printed as U+FFFD, visibly and searchably not the original.
 */
export function piecesOf(text: string, style: TextStyle): Piece[] {
  const chain = chainOf(style);
  const pieces: Piece[] = [];
  for (const raw of text.normalize('NFC').replace(/\t/g, '    ')) {
    const previous = pieces.at(-1);
    const code = raw.codePointAt(0)!;
    if (previous && JOINS_PREVIOUS.test(raw) && load(previous.face).font.hasGlyphForCodePoint(code)) {
      previous.text += raw;
      continue;
    }
    const face =
      raw === '\n' ? (previous?.face ?? chain[0]!) : chain.find((f) => load(f).font.hasGlyphForCodePoint(code));
    if (!face && INVISIBLE.test(raw)) continue;
    const ch = face ? raw : REPLACEMENT;
    const into = face ?? chain[0]!;
    if (previous?.face === into) previous.text += ch;
    else pieces.push({ face: into, text: ch });
  }
  return pieces;
}

/** Makes a face current on a pdfkit document, registering it there the first time. */
export function useFace(doc: PDFKit.PDFDocument, registered: Set<Face>, face: Face, size: number): void {
  if (!registered.has(face)) {
    // Each document parses its own font from the bytes. A parsed fontkit font caches the glyphs it
    // has laid out, with the characters they were laid out for: shared between documents, a "w"
    // first laid out as part of "ŵ" in one plan was mapped back to "ŵ" (or nothing) in the next
    // plan's text layer, so the PDF no longer read as the plan it printed.
    doc.registerFont(face, load(face).bytes);
    registered.add(face);
  }
  doc.font(face).fontSize(size);
}
