import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { isSafeLink, renderMarkdownSafe } from './index.ts';

const TAGS = new Set([
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
]);

/**
 * Reads the output as a browser would (cheerio's HTML parser) and checks every element and attribute,
 * proving nothing can run: only allowlisted tags, only href/rel/start, only safe link targets.
 */
function expectInert(html: string): void {
  const $ = cheerio.load(html, null, false);
  for (const el of $('*').toArray()) {
    const name = String($(el).prop('tagName')).toLowerCase();
    expect(TAGS.has(name), `tag <${name}>`).toBe(true);
    const attributes = $(el).attr() ?? {};
    const rest = Object.keys(attributes).filter((a) => !['href', 'rel', 'start'].includes(a));
    expect(rest, `attributes of <${name}>`).toEqual([]);
    const href = attributes.href;
    if (href !== undefined) expect(href).toMatch(/^(https?:\/\/|mailto:|\/(?!\/)|#|(?![\\/])[^:]*$)/i);
  }
}

describe('renderMarkdownSafe', () => {
  it('has a checker that catches executable HTML (so the tests below can fail)', () => {
    for (const bad of [
      '<img src=x>',
      '<p onclick="x">a</p>',
      '<a href="javascript:alert(1)">x</a>',
      '<a href="data:text/html,x">x</a>',
      '<p style="color:red">x</p>',
      '<a href="//evil.example">x</a>',
    ]) {
      expect(() => expectInert(bad), bad).toThrow();
    }
  });

  it('renders headings, emphasis, lists, tables and links', () => {
    const html = renderMarkdownSafe(
      '## Scope\n\n**Bold** and *em* and `code`\n\n- a\n  - b\n\n1. one\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n[NCSC](https://www.ncsc.gov.uk/) [rel](/contracts/1) [mail](mailto:a@example.org)',
    );
    expect(html).toContain('<h2>Scope</h2>');
    expect(html).toContain('<strong>Bold</strong> and <em>em</em> and <code>code</code>');
    expect(html.replace(/\s+/g, '')).toContain('<ul><li>a<ul><li>b</li></ul></li></ul><ol><li>one</li></ol>');
    expect(html.replace(/\s+/g, '')).toContain(
      '<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>',
    );
    expect(html).toContain('<a href="https://www.ncsc.gov.uk/" rel="noopener noreferrer">NCSC</a>');
    expect(html).toContain('<a href="/contracts/1">rel</a>');
    expect(html).toContain('<a href="mailto:a@example.org">mail</a>');
    expectInert(html);
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an image with onerror', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['an inline event handler', 'Hi <b onclick="alert(1)">x</b>', '&lt;b onclick="alert(1)"&gt;'],
    ['a javascript: link', '[x](javascript:alert(1))', '[x](javascript:alert(1))'],
    ['a mixed-case, entity-encoded javascript: link', '[x](JaVa&#115;cript:alert(1))', '[x](JaVascript:alert(1))'],
    ['a vbscript: link', '[x](vbscript:msgbox)', '[x](vbscript:msgbox)'],
    ['a data: link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', '[x](data:text/html'],
    ['a data: image', '![x](data:image/png;base64,iVBORw0KGgo=)', '!'],
    ['a javascript: autolink', '<javascript:alert(1)>', '&lt;javascript:alert(1)&gt;'],
    ['a reference-style javascript: link', '[x][r]\n\n[r]: javascript:alert(1)', '[r]: javascript:alert(1)'],
    ['raw HTML block', '<div style="position:fixed">\n<iframe src="page.html"></iframe>\n</div>', '&lt;iframe'],
  ])('shows %s as text and keeps nothing executable', (_, markdown, shown) => {
    const html = renderMarkdownSafe(markdown);
    expect(html).toContain(shown);
    expectInert(html);
    expect(html).not.toContain('<a');
  });

  it('links bare web addresses but not protocol-relative or script ones', () => {
    expect(renderMarkdownSafe('see https://example.org/x')).toContain(
      '<a href="https://example.org/x" rel="noopener noreferrer">https://example.org/x</a>',
    );
    expect(renderMarkdownSafe('[x](//evil.example/)')).not.toContain('<a');
    expect(renderMarkdownSafe('<https://example.org>')).toContain(
      '<a href="https://example.org" rel="noopener noreferrer">',
    );
  });

  it('drops alignment styles from tables', () => {
    expect(renderMarkdownSafe('| a |\n|--:|\n| 1 |')).not.toContain('style');
  });

  it('treats non-strings as empty', () => {
    expect(renderMarkdownSafe(undefined as unknown as string)).toBe('');
  });
});

describe('isSafeLink', () => {
  it.each([
    ['https://a.example', true],
    ['mailto:a@b.example', true],
    ['/relative/path', true],
    ['#anchor', true],
    ['javascript:alert(1)', false],
    ['JAVASCRIPT:alert(1)', false],
    ['data:text/html,x', false],
    ['file:///etc/passwd', false],
    ['//evil.example', false],
    ['\\\\evil.example', false],
  ])('%s → %s', (url, safe) => expect(isSafeLink(url)).toBe(safe));
});
