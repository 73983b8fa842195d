import mammoth from 'mammoth';
import { DocumentError, refuse } from './document-error.ts';
import { checkDocx, DEFAULT_DOCX_LIMITS, type DocxLimits } from './docx-guard.ts';
import { htmlToMarkdownChunks, TITLE_CLASS, type HeadingMark } from './html-to-markdown.ts';

export interface ImportedSection {
  heading: string;
  /** 0 for Word's Title style, 1–6 for Heading 1–6. */
  level: number;
  /** The body; deeper headings inside it are `##`, `###`… relative to this section. */
  markdown: string;
}

export interface ImportedDocument {
  title?: string;
  sections: ImportedSection[];
  /** Markdown before the first heading. */
  preamble: string;
  /** Plain-English notes on what did not come across, for the person importing. */
  warnings: string[];
}

const STYLE_MAP = [`p[style-name='Title'] => h1.${TITLE_CLASS}:fresh`, `p.Title => h1.${TITLE_CLASS}:fresh`];

/**
 * Reads an untrusted .docx into sections the user can map onto a plan. Refuses hostile or non-Word
 * files with a DocumentError before the converter sees them, and turns any converter failure into
 * DocumentError('unreadable') so bad input never becomes a 500.
 */
export async function readDocx(
  bytes: Buffer | Uint8Array,
  limits: Partial<DocxLimits> = {},
): Promise<ImportedDocument> {
  const checked = await checkDocx(bytes, { ...DEFAULT_DOCX_LIMITS, ...limits }).catch((error: unknown) => {
    // The checks throw DocumentError themselves; anything else is the zip library failing on odd input.
    throw error instanceof DocumentError ? error : refuse.unreadable();
  });
  let images = 0;
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: checked.archive },
      {
        styleMap: STYLE_MAP,
        // The document must not choose its own style map, nor reach files outside itself.
        includeEmbeddedStyleMap: false,
        externalFileAccess: false,
        // Media were never unpacked; count each picture and emit nothing for it.
        convertImage: mammoth.images.imgElement(async () => {
          images += 1;
          return { src: '' };
        }),
      },
    );
    html = result.value;
  } catch {
    throw refuse.unreadable();
  }
  try {
    return assemble(htmlToMarkdownChunks(html), checked.parts.get('docProps/core.xml'), images, checked.dropped);
  } catch (error) {
    if (error instanceof DocumentError) throw error;
    // Deeply nested hostile markup can exhaust the stack in the HTML → Markdown step.
    throw refuse.unreadable();
  }
}

function assemble(
  converted: ReturnType<typeof htmlToMarkdownChunks>,
  core: Buffer | undefined,
  images: number,
  dropped: string[],
): ImportedDocument {
  const { chunks, headings, notes } = converted;
  // Sections start at the shallowest heading level used; deeper headings stay inside as ##, ###.
  const splitLevel = headings.reduce((min, h) => (h.level > 0 ? Math.min(min, h.level) : min), 7);
  const sections: ImportedSection[] = [];
  let preamble = chunks[0] ?? '';
  headings.forEach((h: HeadingMark, i) => {
    const body = chunks[i + 1] ?? '';
    if (h.level === 0 || h.level <= splitLevel) {
      sections.push({ heading: h.text, level: h.level, markdown: body });
      return;
    }
    const sub = `${'#'.repeat(Math.min(6, h.level - splitLevel + 1))} ${h.inline}`;
    const target = sections.at(-1);
    const joined = [target ? target.markdown : preamble, sub, body].filter(Boolean).join('\n\n');
    if (target) target.markdown = joined;
    else preamble = joined;
  });
  const warnings: string[] = [];
  if (images > 0)
    warnings.push(
      images === 1
        ? '1 picture was left out: pictures are not imported'
        : `${images} pictures were left out: pictures are not imported`,
    );
  if (dropped.some((n) => /^word\/embeddings\//i.test(n))) warnings.push('Embedded files or objects were left out');
  if (notes.headingsInBlocks > 0) warnings.push('Headings inside tables or lists were kept as bold text');
  if (notes.nestedTables > 0) warnings.push('Tables inside tables were flattened into text');
  const title = headings.find((h) => h.level === 0)?.text ?? coreTitle(core);
  return { ...(title ? { title } : {}), sections, preamble, warnings };
}

/** The title Word keeps in File › Info › Properties, used when no paragraph has the Title style. */
function coreTitle(core: Buffer | undefined): string | undefined {
  const match = core?.toString('utf8').match(/<dc:title>([^<]*)<\/dc:title>/);
  const text = match?.[1]
    ?.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|quot|apos|amp);/gi, (_, e: string) => decodeEntity(e))
    .replace(/\s+/g, ' ')
    .trim();
  return text || undefined;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
function decodeEntity(e: string): string {
  const code =
    e[0] === '#'
      ? Number.parseInt(e[1]?.toLowerCase() === 'x' ? e.slice(2) : e.slice(1), e[1]?.toLowerCase() === 'x' ? 16 : 10)
      : NaN;
  if (Number.isNaN(code)) return NAMED[e.toLowerCase()] ?? '';
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}
