import type MarkdownIt from 'markdown-it';

/** A register entry a `[[doc: Title]]` marker may name, with where a reader finds it (pages only). */
export interface DocumentLink {
  title: string;
  href?: string;
}

export const NOT_IN_REGISTER = 'not in the register';

// The same form the completeness check counts as a reference to the register (clause 4.2.1(g)).
const MARKER = /^\[\[doc:\s*([^\]]{1,200})\]\]/i;

const titleKey = (title: string) => title.trim().toLowerCase();

/** The entry a marker's title names, case and surrounding spaces aside. */
export function resolveDocument(title: string, documents: readonly DocumentLink[]): DocumentLink | undefined {
  const key = titleKey(title);
  return documents.find((d) => titleKey(d.title) === key);
}

/**
 * Reads `[[doc: Title]]` as one `doc_ref` token carrying the title, so the page can link it and
 * the exports and the comparison read the title rather than the marker's brackets.
 */
export function docReferences(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'doc_ref', (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== 0x5b /* [ */) return false;
    const m = MARKER.exec(state.src.slice(state.pos, state.pos + 210));
    if (!m) return false;
    if (!silent) state.push('doc_ref', '', 0).meta = { title: m[1]!.trim() };
    state.pos += m[0].length;
    return true;
  });
}
