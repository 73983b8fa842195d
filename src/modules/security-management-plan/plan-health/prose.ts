/**
 * Markdown → prose sentences. remark-parse builds the mdast; remark-retext (mutate mode, so the
 * whole run is synchronous) turns it into nlcst with parse-english, dropping code blocks and HTML
 * and marking inline code as source; then retext-passive, -simplify and -readability add their
 * messages to the file. Tables are blanked first (see tables.ts). Headings stay in the tree, marked,
 * so that a definition written in a heading still counts but a heading is never judged as a sentence.
 */
import type { Nodes as MdastNodes } from 'mdast';
import type { Nodes as NlcstNodes, Root as NlcstRoot, Sentence } from 'nlcst';
import { ParseEnglish } from 'parse-english';
import remarkParse from 'remark-parse';
import remarkRetext from 'remark-retext';
import retextPassive from 'retext-passive';
import retextReadability from 'retext-readability';
import retextSimplify from 'retext-simplify';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { SIMPLIFY_IGNORE } from './phrases.ts';
import { blankTableLines, findTables, type TableCell } from './tables.ts';
import { chunkRoots } from './chunks.ts';
import { lastAtOrBefore, locator } from './text-position.ts';
import { countWords, type WordRef } from './words.ts';

export interface ProseSentence {
  /** As a reader sees it: Markdown removed, whitespace collapsed, trimmed. */
  readonly text: string;
  /** The sentence's text, inline code replaced by spaces of the same length (for acronym scanning). */
  readonly scan: string;
  readonly start: number;
  readonly end: number;
  readonly words: number;
  readonly syllables: number;
  readonly heading: boolean;
  /** First sentence of its block (paragraph, list item, heading): where a glossary puts its term. */
  readonly blockStart: boolean;
  readonly wordRefs: readonly WordRef[];
  /** Maps an index in `scan` to an offset in the Markdown. */
  readonly offsetAt: (index: number) => number;
}

export interface ProseAnalysis {
  readonly sentences: readonly ProseSentence[];
  readonly messages: readonly VFileMessage[];
  readonly cells: readonly TableCell[];
}

/** How many of retext-readability's 7 formulas must put a sentence above the reading age. */
export const READABILITY_AGREEMENT = 5 / 7;

export function proseProcessor(readingAge: number) {
  return (
    unified()
      .use(remarkParse)
      .use(remarkRetext, ParseEnglish)
      .use(retextPassive)
      .use(retextSimplify, { ignore: SIMPLIFY_IGNORE })
      // Per-sentence formulas are noisy on short sentences ("The security manager reviews user access
      // rights every three months." gets 4 of 7 above 16): ask 5 of the 7 to agree, not the default 4.
      .use(retextReadability, { age: readingAge, threshold: READABILITY_AGREEMENT })
      .freeze()
  );
}
export type ProseProcessor = ReturnType<typeof proseProcessor>;

/** Heading ranges, walked with a stack: deeply nested Markdown must not overflow the call stack here. */
function headingRanges(tree: MdastNodes): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const stack: MdastNodes[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'heading') {
      const { start, end } = node.position ?? {};
      if (start?.offset !== undefined && end?.offset !== undefined) out.push([start.offset, end.offset]);
    } else if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

function toSentence(node: Sentence, headings: Array<[number, number]>, blockStart: boolean): ProseSentence {
  let raw = '';
  let scan = '';
  const leafStart: number[] = [];
  const leafOffset: number[] = [];
  const wordRefs: WordRef[] = [];
  let joined = false;
  for (const child of node.children) {
    const value = 'value' in child ? child.value : leafText(child);
    const offset = child.position?.start.offset;
    leafStart.push(raw.length);
    leafOffset.push(offset ?? NaN);
    raw += value;
    scan += child.type === 'SourceNode' ? ' '.repeat(value.length) : value;
    if (child.type === 'WordNode') {
      wordRefs.push({ value, lower: value.toLowerCase(), offset: offset ?? NaN, joined });
      joined = true;
    } else if (child.type !== 'WhiteSpaceNode') joined = false;
  }
  const start = node.position?.start.offset ?? leafOffset.find((o) => !Number.isNaN(o)) ?? 0;
  const end = node.position?.end.offset ?? start + raw.length;
  const offsetAt = (index: number) => {
    const i = lastAtOrBefore(leafStart, index, (s) => s);
    const base = leafOffset[i] ?? NaN;
    return Number.isNaN(base) ? start : base + index - leafStart[i]!;
  };
  const h = lastAtOrBefore(headings, start, (r) => r[0]);
  const heading = h >= 0 && start < headings[h]![1];
  const { words, syllables } = countWords(scan);
  const text = raw.replace(/\s+/g, ' ').trim();
  return { text, scan, start, end, words, syllables, heading, blockStart, wordRefs, offsetAt };
}

function leafText(node: NlcstNodes): string {
  if ('value' in node) return node.value;
  return 'children' in node ? node.children.map((c: NlcstNodes) => leafText(c)).join('') : '';
}

/** Reads one section's Markdown into sentences, table cells and the retext plugins' messages. */
export function analyseProse(processor: ProseProcessor, markdown: string): ProseAnalysis {
  const tables = findTables(markdown);
  const file = new VFile({ value: blankTableLines(markdown, tables.lines) });
  const mdast = processor.parse(file);
  const headings = headingRanges(mdast);
  const sentences: ProseSentence[] = [];
  for (const chunk of chunkRoots(mdast, locator(markdown))) {
    const nlcst: NlcstRoot = processor.runSync(chunk, file);
    // nlcst from remark-retext is Root → Paragraph → Sentence; one paragraph per Markdown block.
    for (const block of nlcst.children) {
      if (block.type !== 'ParagraphNode') continue;
      let first = true;
      for (const s of block.children) {
        if (s.type !== 'SentenceNode') continue;
        sentences.push(toSentence(s, headings, first));
        first = false;
      }
    }
  }
  return { sentences, messages: file.messages, cells: tables.cells };
}
