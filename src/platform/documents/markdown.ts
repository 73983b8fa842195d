import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

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
 * loaded (they would be fetched from wherever the author pointed), tables and autolinks are on.
 */
export function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.disable('image');
  md.validateLink = isSafeLink;
  return md;
}

const md = createMarkdown();

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
  ],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
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
 * Markdown → HTML safe to insert into a page. markdown-it escapes raw HTML and refuses unsafe link
 * schemes; sanitize-html then removes anything outside a short allowlist (no style, no event
 * handlers, no script URLs) in case a future markdown-it option lets something through.
 */
export function renderMarkdownSafe(markdown: string): string {
  return sanitizeHtml(md.render(typeof markdown === 'string' ? markdown : ''), SANITIZE);
}
