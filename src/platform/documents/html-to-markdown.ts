import { randomUUID } from 'node:crypto';
import TurndownService from 'turndown';

/** The class the importer's style map gives Word's "Title" paragraphs, so they can be told from Heading 1. */
export const TITLE_CLASS = 'docx-title';

export interface HeadingMark {
  /** 0 for Word's Title style, 1–6 for Heading 1–6. */
  level: number;
  /** Plain text, for choosing and labelling sections. */
  text: string;
  /** The same heading as inline Markdown (bold, code, links kept), for sub-headings. */
  inline: string;
}

export interface MarkdownChunks {
  /** chunks[0] comes before the first heading; chunks[i + 1] follows headings[i]. */
  chunks: string[];
  headings: HeadingMark[];
  notes: { headingsInBlocks: number; nestedTables: number };
}

type Element = HTMLElement;
const BLOCK_PARENTS = new Set(['TD', 'TH', 'LI', 'TABLE', 'BLOCKQUOTE', 'PRE']);
const SAFE_LINK = /^(https?:|mailto:)/i;

const insideBlock = (node: Element): boolean => {
  for (let p = node.parentNode as Element | null; p; p = p.parentNode as Element | null)
    if (BLOCK_PARENTS.has(p.nodeName)) return true;
  return false;
};
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const span = (cell: Element) => Math.min(Math.max(Number(cell.getAttribute('colspan')) || 1, 1), 50);

function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of Array.from(table.childNodes) as Element[]) {
    if (child.nodeName === 'TR') rows.push(child);
    else if (/^T(HEAD|BODY|FOOT)$/.test(child.nodeName))
      rows.push(...(Array.from(child.childNodes) as Element[]).filter((n) => n.nodeName === 'TR'));
  }
  return rows;
}
const cellsOf = (row: Element) =>
  (Array.from(row.childNodes) as Element[]).filter((n) => n.nodeName === 'TD' || n.nodeName === 'TH');
const tableOf = (row: Element): Element | null => {
  const p = row.parentNode as Element | null;
  return p?.nodeName === 'TABLE' ? p : ((p?.parentNode as Element | null) ?? null);
};
const widthOf = (row: Element) => cellsOf(row).reduce((n, c) => n + span(c), 0);

interface TableShape {
  header: Element | undefined;
  columns: number;
}
/** The header row and column count of each table, worked out once: per row it would be quadratic. */
function shapes(): (row: Element) => TableShape {
  const cache = new WeakMap<Element, TableShape>();
  return (row) => {
    const table = tableOf(row);
    if (!table) return { header: row, columns: Math.max(1, widthOf(row)) };
    let shape = cache.get(table);
    if (!shape) {
      const rows = rowsOf(table);
      shape = { header: rows[0], columns: rows.reduce((max, r) => Math.max(max, widthOf(r)), 1) };
      cache.set(table, shape);
    }
    return shape;
  };
}

/**
 * Converts mammoth's HTML to Markdown, cut at top-level headings. Each such heading is replaced by a
 * marker carrying a random nonce, so no text in the document can forge a cut.
 */
export function htmlToMarkdownChunks(html: string): MarkdownChunks {
  const nonce = randomUUID();
  const headings: HeadingMark[] = [];
  const notes = { headingsInBlocks: 0, nestedTables: 0 };
  const shapeOf = shapes();
  const service = new TurndownService({
    headingStyle: 'atx',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
  });
  // A [[doc: Title]] marker refers to the register of documents (clause 4.2.1(g)): escaped as \[\[doc: …\]\] it would not be checked.
  const escapeText = service.escape.bind(service);
  service.escape = (text: string) => escapeText(text).replace(/\\\[\\\[(doc:.*?)\\\]\\\]/gi, '[[$1]]');

  const cell = (content: string, node: Element) => {
    let text = oneLine(content);
    // A header cell that is bold all through is bold anyway as a GFM header; the ** would only be noise.
    const row = node.parentNode as Element | null;
    if (row && shapeOf(row).header === row) text = text.replace(/^\*\*((?:(?!\*\*).)+)\*\*$/, '$1');
    return `| ${text.replace(/\|/g, '\\|')} ` + '| '.repeat(span(node) - 1);
  };
  // Turndown tries the most recently added rule first, so this catch-all goes before sectionHeading.
  // A heading inside a table or list cannot start a section without breaking the table or list apart.
  service.addRule('blockHeading', {
    filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
    replacement: (content) => {
      notes.headingsInBlocks += 1;
      return oneLine(content) ? `\n\n**${oneLine(content)}**\n\n` : '';
    },
  });
  service.addRule('sectionHeading', {
    filter: (node) => /^H[1-6]$/.test(node.nodeName) && !insideBlock(node),
    replacement: (content, node) => {
      const classes = (node.getAttribute('class') ?? '').split(/\s+/);
      const level = classes.includes(TITLE_CLASS) ? 0 : Number(node.nodeName.slice(1));
      const text = oneLine(node.textContent ?? '');
      if (!text) return '\n\n';
      const index = headings.push({ level, text, inline: oneLine(content) }) - 1;
      return `\n\n\uE000${nonce}:${index}\uE000\n\n`;
    },
  });
  service.addRule('tableCell', { filter: ['th', 'td'], replacement: (content, node) => cell(content, node) });
  service.addRule('tableRow', {
    filter: 'tr',
    replacement: (content, node) => {
      const { header, columns } = shapeOf(node);
      const line = content.trim() + ' ' + '| '.repeat(Math.max(columns - widthOf(node), 0)) + '|\n';
      // GFM needs a header row: the first row is it, whatever Word called it.
      return header === node ? line + '|' + ' --- |'.repeat(columns) + '\n' : line;
    },
  });
  service.addRule('tableSection', { filter: ['thead', 'tbody', 'tfoot'], replacement: (content) => content });
  service.addRule('table', {
    filter: 'table',
    replacement: (content, node) => {
      if (!insideBlock(node)) return `\n\n${content.trim()}\n\n`;
      // Markdown tables cannot nest; keep the inner table's words in the outer cell.
      notes.nestedTables += 1;
      const words = rowsOf(node).flatMap((r) => cellsOf(r).map((c) => oneLine(c.textContent ?? '')));
      return ` ${service.escape(words.filter(Boolean).join(' '))} `;
    },
  });
  service.addRule('image', { filter: 'img', replacement: () => '' });
  service.addRule('link', {
    filter: (node) => node.nodeName === 'A' && node.hasAttribute('href'),
    replacement: (content, node) => {
      const href = (node.getAttribute('href') ?? '').trim();
      // Only links a reader can follow survive; bookmarks, file: and script URLs keep just their text.
      if (!SAFE_LINK.test(href) || !content.trim()) return content;
      return `[${content}](${href.replace(/[\s()<>]/g, (c) => encodeURIComponent(c))})`;
    },
  });

  const markdown = service.turndown(html.replace(/\uE000/g, ''));
  const parts = markdown.split(new RegExp(`\uE000${nonce}:(\\d+)\uE000`));
  const chunks: string[] = [parts[0]?.trim() ?? ''];
  for (let i = 1; i < parts.length; i += 2) chunks[Number(parts[i]) + 1] = parts[i + 1]?.trim() ?? '';
  return { chunks: Array.from(chunks, (c) => c ?? ''), headings, notes };
}
