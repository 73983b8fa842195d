/**
 * Finds GFM tables in a section's Markdown. remark-parse (CommonMark, no GFM extension installed)
 * reads a table as one paragraph of pipes, which would become a "sentence" of every cell in the
 * table. markdown-it knows GFM tables, so it tells us which lines are tables; the prose checks then
 * see those lines as blank, and the cells are kept apart for the acronym check and the glossary.
 */
import MarkdownIt from 'markdown-it';
import { lineStarts } from './text-position.ts';

/** One table cell: its plain text, and the raw Markdown (inline code and link targets masked) with its offset. */
export interface TableCell {
  /** The cell as a reader sees it: Markdown syntax removed. */
  readonly text: string;
  /** The cell's raw content with inline code and link destinations replaced by spaces (same length). */
  readonly scan: string;
  /** Offset of `scan` in the section's Markdown. */
  readonly offset: number;
  /** True for the first cell of a row: in a glossary, that is where the term goes. */
  readonly firstInRow: boolean;
  /** The whole row as a reader sees it ("SMP | Security Management Plan"), to show with a finding. */
  readonly row: string;
}

export interface Tables {
  /** Half-open line ranges [start, end), 0-based, covered by tables. */
  readonly lines: ReadonlyArray<readonly [number, number]>;
  readonly cells: readonly TableCell[];
}

// html: true mirrors CommonMark, so a pipe inside an HTML block is not mistaken for a table.
const md = new MarkdownIt({ html: true, linkify: false });
const NO_TABLES: Tables = { lines: [], cells: [] };

/** Masks what is not prose in a cell, keeping its length so offsets stay true. */
function maskCell(raw: string): string {
  const blank = (m: string) => ' '.repeat(m.length);
  return raw.replace(/(`+)[^`]*?\1/g, blank).replace(/\]\([^)]*\)/g, blank);
}

export function findTables(markdown: string): Tables {
  if (!markdown.includes('|')) return NO_TABLES; // cheap: no pipe, no table
  const tokens = md.parse(markdown, {});
  const starts = lineStarts(markdown);
  const lines: Array<[number, number]> = [];
  const cells: TableCell[] = [];
  let rowLine = -1;
  let cursor = 0;
  let row: Array<Omit<TableCell, 'row'>> = [];
  for (const token of tokens) {
    if (token.type === 'table_open' && token.map) lines.push([token.map[0], token.map[1]]);
    else if (token.type === 'tr_open' && token.map) {
      rowLine = token.map[0];
      cursor = starts[rowLine] ?? markdown.length;
      row = [];
    } else if (token.type === 'tr_close') {
      const text = row.map((c) => c.text).join(' | ');
      for (const c of row) cells.push({ ...c, row: text });
      row = [];
    } else if (token.type === 'inline' && rowLine >= 0 && !token.map) {
      // Cells carry no map: find the content on the row's line, after the previous cell.
      const raw = token.content;
      const lineEnd = starts[rowLine + 1] ?? markdown.length;
      const at = raw ? markdown.indexOf(raw, cursor) : -1;
      const offset = at >= 0 && at < lineEnd ? at : cursor;
      if (at >= 0 && at < lineEnd) cursor = at + raw.length;
      const text = (token.children ?? [])
        .map((c) => (c.type === 'text' ? c.content : c.type === 'softbreak' ? ' ' : ''))
        .join('')
        .trim();
      row.push({ text, scan: maskCell(raw), offset, firstInRow: row.length === 0 });
    } else if (token.type === 'table_close') rowLine = -1;
  }
  return lines.length ? { lines, cells } : NO_TABLES;
}

/** The Markdown with every table line turned into spaces; offsets, lines and columns are unchanged. */
export function blankTableLines(markdown: string, lines: Tables['lines']): string {
  if (!lines.length) return markdown;
  const starts = lineStarts(markdown);
  let out = '';
  let from = 0;
  for (const [first, end] of lines) {
    const a = starts[first] ?? markdown.length;
    const b = starts[end] ?? markdown.length;
    if (a < from) continue;
    out += markdown.slice(from, a) + markdown.slice(a, b).replace(/[^\r\n]/g, ' ');
    from = b;
  }
  return out + markdown.slice(from);
}
