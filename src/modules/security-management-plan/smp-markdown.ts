import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML in Markdown is escaped (html: false), so <script> or onerror= shows as text; the
// sanitizer is a second fence over the output (no attributes beyond links, no javascript: URLs).
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** A section's Markdown as safe HTML for a page. */
export function renderSectionHtml(markdown: string): string {
  return sanitizeHtml(md.render(markdown), {
    allowedTags: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'blockquote', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'hr'],
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
  });
}
