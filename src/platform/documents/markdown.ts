import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { docReferences } from './doc-references.ts';
import { GOVUK_CLASSES, govukTypography, type MarkdownDisplay } from './markdown-govuk.ts';

const ALLOWED_SCHEMES = ['http', 'https', 'mailto'];

/**
 * True for links a reader may follow: http(s), mailto, and relative ones. Protocol-relative
 * (`//host`) and backslash forms are refused because browsers treat them as other sites.
 */
export function isSafeLink(url: string): boolean {
  const u = url.trim();
  if (/^[\\/]{2}/.test(u)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u);
  return scheme ? ALLOWED_SCHEMES.includes(scheme[1]!.toLowerCase()) : true;
}

/**
 * The one Markdown configuration for display and export: raw HTML is text, images are not
 * loaded (they would be fetched from wherever the author pointed), tables and autolinks are on,
 * and `[[doc: Title]]` is a reference to the register of documents.
 */
export function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.disable('image');
  md.validateLink = isSafeLink;
  md.use(docReferences);
  return md;
}

const md = createMarkdown().use(govukTypography);

const classesOf = (type: string) => GOVUK_CLASSES[type]!.split(' ');
const cellClasses = (type: string) => [...classesOf(type), `${GOVUK_CLASSES[type]}--numeric`];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'em',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'div',
    'span',
  ],
  allowedAttributes: {
    a: ['href', 'rel'],
    ol: ['start'],
    th: [{ name: 'scope', values: ['col'] }],
    div: [{ name: 'role', values: ['region'] }, { name: 'tabindex', values: ['0'] }, 'aria-label'],
  },
  // Only the classes the renderer itself adds (markdown-govuk.ts); the author cannot write any.
  allowedClasses: {
    p: classesOf('paragraph_open'),
    ul: classesOf('bullet_list_open'),
    ol: classesOf('ordered_list_open'),
    blockquote: classesOf('blockquote_open'),
    hr: classesOf('hr'),
    table: classesOf('table_open'),
    thead: classesOf('thead_open'),
    tbody: classesOf('tbody_open'),
    tr: classesOf('tr_open'),
    th: cellClasses('th_open'),
    td: cellClasses('td_open'),
    a: classesOf('link_open'),
    ...Object.fromEntries(['h3', 'h4', 'h5', 'h6'].map((h) => [h, ['govuk-heading-s']])),
    div: ['custodian-table-wrap'],
    span: ['custodian-doc-missing'],
  },
  allowedSchemes: ALLOWED_SCHEMES,
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => {
      const { rel: _ignored, ...rest } = attribs;
      const external = /^https?:/i.test(rest.href ?? '');
      return { tagName, attribs: external ? { ...rest, rel: 'noopener noreferrer' } : rest };
    },
  },
};

/**
 * Markdown → HTML safe to insert into a page, in GOV.UK typography (see markdown-govuk.ts).
 * markdown-it escapes raw HTML and refuses unsafe link schemes; sanitize-html then removes anything
 * outside a short allowlist (no style, no event handlers, no script URLs, only the renderer's own
 * classes) in case a future markdown-it option lets something through.
 */
export function renderMarkdownSafe(markdown: string, display: MarkdownDisplay = {}): string {
  return sanitizeHtml(md.render(typeof markdown === 'string' ? markdown : '', { ...display }), SANITIZE);
}
