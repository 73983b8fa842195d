import type { Entry } from 'yauzl';
import { refuse } from './document-error.ts';
import { inflateEntries, listZip, type ZipLimits } from './zip-reader.ts';
import { storedZip } from './zip-store.ts';

/** Every bound readDocx applies before the bytes reach the converter. */
export interface DocxLimits extends ZipLimits {
  maxFileBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_DOCX_LIMITS: Readonly<DocxLimits> = Object.freeze({
  maxFileBytes: 5 * MB,
  maxEntries: 1000,
  maxEntryBytes: 25 * MB,
  maxTotalBytes: 50 * MB,
  maxRatio: 100,
  ratioGraceBytes: 1 * MB,
});

export interface CheckedDocx {
  /** A stored zip of the XML parts only: what the converter is allowed to see. */
  archive: Buffer;
  /** The parts as inflated, for reading metadata such as docProps/core.xml. */
  parts: ReadonlyMap<string, Buffer>;
  /** Non-XML parts (images, embedded files, fonts) left out of `archive`. */
  dropped: string[];
}

// The parts Word itself parses are XML; anything else (media, OLE objects, fonts) is never converted,
// so it is never inflated either — which also keeps it out of the zip-bomb budget.
const isXmlPart = (name: string) => /\.(xml|rels)$/i.test(name);
const isMacroPart = (name: string) => /(^|\/)(vbaProject\.bin|vbaData\.xml)$/i.test(name);

/**
 * Refuses anything that is not a plain .docx: too large, not a zip, a zip bomb, macros, no main
 * document, or DOCTYPE/ENTITY declarations (XXE, billion laughs). Throws DocumentError.
 */
export async function checkDocx(input: Buffer | Uint8Array, limits: DocxLimits): Promise<CheckedDocx> {
  // Callers may hand over whatever their upload parser produced; anything not bytes is not a document.
  if (!(input instanceof Uint8Array)) throw refuse.notDocx();
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length > limits.maxFileBytes) throw refuse.tooLarge(limits.maxFileBytes);
  const listing = await listZip(bytes, limits);
  try {
    const files = listing.entries.filter((e) => !e.fileName.endsWith('/'));
    if (files.some((e) => isMacroPart(e.fileName))) throw refuse.macros();
    if (!files.some((e) => e.fileName === 'word/document.xml')) throw refuse.notDocx();
    const xml: Entry[] = files.filter((e) => isXmlPart(e.fileName));
    const parts = await inflateEntries(listing, xml, limits);
    const contentTypes = parts.get('[Content_Types].xml')?.toString('latin1') ?? '';
    // .docm/.dotm declare macro-enabled main parts or a VBA project even if the binary is renamed.
    if (/macroEnabled|vbaProject/i.test(contentTypes)) throw refuse.macros();
    for (const data of parts.values()) if (declaresDtd(data)) throw refuse.entities();
    return {
      archive: storedZip(parts),
      parts,
      dropped: files.filter((e) => !isXmlPart(e.fileName)).map((e) => e.fileName),
    };
  } finally {
    // Closing only releases the in-memory reader; a failure here must not hide the real outcome.
    try {
      listing.zip.close();
    } catch {
      /* nothing to release */
    }
  }
}

/**
 * True when the part has a DOCTYPE or ENTITY declaration. NUL bytes are removed first so the
 * UTF-16 and UTF-32 spellings are caught too; OOXML never needs a DTD, so refusing is safe.
 */
export function declaresDtd(data: Buffer): boolean {
  const text = data.toString('latin1').replace(/\0/g, '');
  return /<!\s*(DOCTYPE|ENTITY)/i.test(text);
}
