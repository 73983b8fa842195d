import type { Token } from 'markdown-it';
import { createMarkdown } from './markdown.ts';
import { cleanText } from './plan-document.ts';
import { NOT_IN_REGISTER, resolveDocument, type DocumentLink } from './doc-references.ts';

/** A stretch of text with one style. `\n` inside text is a hard line break. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  code?: boolean;
}

/** Markdown as document structure, so the Word and PDF writers never see Markdown syntax. */
export type Block =
  | { type: 'heading'; level: number; runs: Run[] }
  | { type: 'paragraph'; runs: Run[] }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'table'; header: Run[][]; rows: Run[][][] }
  | { type: 'code'; text: string }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'rule' };

const md = createMarkdown();

/**
 * Parses Markdown with the display configuration and walks its tokens into blocks. A `[[doc: Title]]`
 * marker becomes its title, marked as not in the register when `documents` is given and names none.
 */
export function markdownToBlocks(markdown: string, documents?: readonly DocumentLink[]): Block[] {
  const tokens = md.parse(cleanText(markdown), {});
  let i = 0;

  function blocks(until: string | null): Block[] {
    const out: Block[] = [];
    while (i < tokens.length) {
      const t = tokens[i++]!;
      if (t.type === until) break;
      if (t.type === 'heading_open' || t.type === 'paragraph_open') {
        const runs = inline(tokens[i], documents);
        i += 2; // the inline token and the matching close
        out.push(
          t.type === 'heading_open'
            ? { type: 'heading', level: Number(t.tag.slice(1)), runs }
            : { type: 'paragraph', runs },
        );
      } else if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') out.push(list(t));
      else if (t.type === 'blockquote_open') out.push({ type: 'quote', blocks: blocks('blockquote_close') });
      else if (t.type === 'table_open') out.push(table());
      else if (t.type === 'fence' || t.type === 'code_block')
        out.push({ type: 'code', text: t.content.replace(/\n$/, '') });
      else if (t.type === 'hr') out.push({ type: 'rule' });
      // Nothing else reaches here: raw HTML is disabled, so html_block never appears.
    }
    return out;
  }

  function list(open: Token): Block {
    const close = open.type.replace('_open', '_close');
    const items: Block[][] = [];
    while (i < tokens.length) {
      const t = tokens[i++]!;
      if (t.type === close) break;
      if (t.type === 'list_item_open') items.push(blocks('list_item_close'));
    }
    const start = Number(open.attrGet('start') ?? 1);
    return {
      type: 'list',
      ordered: open.type === 'ordered_list_open',
      start: Number.isSafeInteger(start) && start >= 0 ? start : 1,
      items,
    };
  }

  function table(): Block {
    const rows: Run[][][] = [];
    let headerRows = 0;
    while (i < tokens.length) {
      const t = tokens[i++]!;
      if (t.type === 'table_close') break;
      if (t.type === 'tr_open') rows.push([]);
      else if (t.type === 'inline') rows.at(-1)?.push(inline(t, documents));
      else if (t.type === 'thead_close') headerRows = rows.length;
    }
    return { type: 'table', header: headerRows > 0 ? rows[0]! : [], rows: rows.slice(headerRows) };
  }

  return blocks(null);
}

function inline(token: Token | undefined, documents: readonly DocumentLink[] | undefined): Run[] {
  const runs: Run[] = [];
  const style = { bold: 0, italic: 0, strike: 0 };
  const links: { href: string; from: number }[] = [];
  const push = (text: string, code = false) => {
    if (!text) return;
    runs.push({
      text,
      ...(style.bold ? { bold: true } : {}),
      ...(style.italic ? { italic: true } : {}),
      ...(style.strike ? { strike: true } : {}),
      ...(code ? { code } : {}),
    });
  };
  for (const c of token?.children ?? []) {
    if (c.type === 'text') push(c.content);
    else if (c.type === 'code_inline') push(c.content, true);
    else if (c.type === 'doc_ref') {
      const title = (c.meta as { title: string }).title;
      push(documents && !resolveDocument(title, documents) ? `${title} (${NOT_IN_REGISTER})` : title);
    } else if (c.type === 'softbreak') push(' ');
    else if (c.type === 'hardbreak') push('\n');
    else if (c.type === 'strong_open' || c.type === 'strong_close') style.bold += c.nesting;
    else if (c.type === 'em_open' || c.type === 'em_close') style.italic += c.nesting;
    else if (c.type === 's_open' || c.type === 's_close') style.strike += c.nesting;
    else if (c.type === 'link_open')
      links.push({ href: md.normalizeLinkText(c.attrGet('href') ?? ''), from: runs.length });
    else if (c.type === 'link_close') {
      // Paper cannot be clicked: print where the link goes unless the text already says it.
      const link = links.pop();
      const shown = link?.href.replace(/^mailto:/i, '') ?? '';
      const text = runs
        .slice(link?.from ?? runs.length)
        .map((r) => r.text)
        .join('')
        .trim();
      if (shown && text !== shown && text !== link?.href) push(` (${shown})`);
    }
  }
  return runs;
}
