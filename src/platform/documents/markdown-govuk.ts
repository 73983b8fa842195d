import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { NOT_IN_REGISTER, resolveDocument, type DocumentLink } from './doc-references.ts';
import { shiftedHeadingLevels } from './heading-levels.ts';

/** What a page tells the renderer about where the text sits and what its markers may link to. */
export interface MarkdownDisplay {
  /** The level of the heading the text sits under (a plan section's h2 by default). */
  headingBase?: number;
  /** What the text is (a section's heading): names its tables, as a page's regions need distinct names. */
  label?: string;
  /**
   * Register entries `[[doc: Title]]` markers link to; a marker naming none is marked as not in the
   * register. Without a list, markers show their title only (nothing to check them against).
   */
  documents?: readonly DocumentLink[];
}

/** The GOV.UK Frontend classes each element gets, so plan text reads like the rest of the service. */
export const GOVUK_CLASSES: Record<string, string> = {
  paragraph_open: 'govuk-body',
  bullet_list_open: 'govuk-list govuk-list--bullet',
  ordered_list_open: 'govuk-list govuk-list--number',
  blockquote_open: 'govuk-inset-text',
  hr: 'govuk-section-break govuk-section-break--m govuk-section-break--visible',
  table_open: 'govuk-table',
  thead_open: 'govuk-table__head',
  tbody_open: 'govuk-table__body',
  tr_open: 'govuk-table__row',
  th_open: 'govuk-table__header',
  td_open: 'govuk-table__cell',
  link_open: 'govuk-link',
};
const textOf = (inline: Token) =>
  (inline.children ?? [])
    .map((c) => (c.type === 'doc_ref' ? (c.meta as { title: string }).title : c.content))
    .join('')
    .trim();

function classify(tokens: Token[]): void {
  for (const t of tokens) {
    const cls = GOVUK_CLASSES[t.type];
    if (cls) t.attrJoin('class', cls);
    // Right-aligned columns (`--:`) are numbers: GOV.UK's numeric cells, as the style attribute is dropped.
    if ((t.type === 'th_open' || t.type === 'td_open') && /text-align:right/.test(t.attrGet('style') ?? ''))
      t.attrJoin('class', `${cls}--numeric`);
    if (t.type === 'th_open') t.attrSet('scope', 'col');
    if (t.children) classify(t.children);
  }
}

/**
 * Adds GOV.UK typography to the rendered Markdown: classes on each element, headings shifted below
 * the page's own (see shiftedHeadingLevels), tables in a labelled region that scrolls on a narrow
 * screen, and `[[doc: …]]` markers as links to the register (env.documents).
 */
export function govukTypography(md: MarkdownIt): void {
  const escape = md.utils.escapeHtml;
  md.core.ruler.push('govuk', (state) => {
    const env = state.env as MarkdownDisplay;
    classify(state.tokens);
    const headings = state.tokens.filter((t) => t.type === 'heading_open' || t.type === 'heading_close');
    const levels = shiftedHeadingLevels(
      headings.filter((t) => t.nesting === 1).map((t) => Number(t.tag.slice(1))),
      env.headingBase ?? 2,
    );
    // Headings do not nest, so each close follows its open: the pair takes the same shifted level.
    headings.forEach((t, i) => {
      t.tag = `h${levels[Math.floor(i / 2)]}`;
      if (t.nesting === 1) t.attrJoin('class', 'govuk-heading-s');
    });
    let table: Token | undefined;
    let headers: string[] = [];
    let count = 0;
    for (const t of state.tokens) {
      if (t.type === 'table_open') [table, headers, count] = [t, [], count + 1];
      else if (t.type === 'inline' && table && !table.meta) headers.push(textOf(t));
      else if (t.type === 'thead_close' && table) {
        const named = headers.filter(Boolean);
        const which = `Table ${count}${env.label ? ` in ${env.label}` : ''}`;
        table.meta = { label: named.length ? `${which}: ${named.join(', ')}` : which };
      }
    }
  });
  md.renderer.rules.table_open = (tokens, idx, options, _env, self) =>
    `<div class="custodian-table-wrap" role="region" tabindex="0" aria-label="${escape(
      (tokens[idx]!.meta as { label?: string } | null)?.label ?? 'Table',
    )}">${self.renderToken(tokens, idx, options)}`;
  md.renderer.rules.table_close = (tokens, idx, options, _env, self) =>
    `${self.renderToken(tokens, idx, options)}</div>`;
  md.renderer.rules.doc_ref = (tokens, idx, _options, env: MarkdownDisplay) => {
    const title = (tokens[idx]!.meta as { title: string }).title;
    if (!env.documents) return escape(title);
    const found = resolveDocument(title, env.documents);
    if (!found) return `<span class="custodian-doc-missing">${escape(title)} (${NOT_IN_REGISTER})</span>`;
    return found.href ? `<a class="govuk-link" href="${escape(found.href)}">${escape(title)}</a>` : escape(title);
  };
}
