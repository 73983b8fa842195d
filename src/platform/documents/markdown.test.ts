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
  'div',
  'span',
]);
// The only attributes the renderer writes besides links: GOV.UK classes and a table's scrolling region.
const ATTRIBUTES = ['href', 'rel', 'start', 'class', 'scope', 'role', 'tabindex', 'aria-label'];

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
    const rest = Object.keys(attributes).filter((a) => !ATTRIBUTES.includes(a));
    expect(rest, `attributes of <${name}>`).toEqual([]);
    for (const c of (attributes.class ?? '').split(/\s+/).filter(Boolean))
      expect(c, `class of <${name}>`).toMatch(/^(govuk|custodian)-/);
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
      '<p class="x">x</p>',
      '<p onmouseover="x">x</p>',
      '<p style="color:red">x</p>',
      '<a href="//evil.example">x</a>',
    ]) {
      expect(() => expectInert(bad), bad).toThrow();
    }
  });

  it('renders headings, emphasis, lists, tables, quotes and links in GOV.UK typography', () => {
    const html = renderMarkdownSafe(
      '## Scope\n\n**Bold** and *em* and `code`\n\n- a\n  - b\n\n1. one\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n> Note\n\n---\n\n[NCSC](https://www.ncsc.gov.uk/) [rel](/contracts/1) [mail](mailto:a@example.org)',
    );
    const flat = html.replace(/\s+/g, ' ').replace(/> </g, '><');
    expect(html).toContain('<h3 class="govuk-heading-s">Scope</h3>');
    expect(html).toContain('<p class="govuk-body"><strong>Bold</strong> and <em>em</em> and <code>code</code>');
    expect(flat).toContain(
      '<ul class="govuk-list govuk-list--bullet"><li>a <ul class="govuk-list govuk-list--bullet"><li>b</li></ul></li></ul>' +
        '<ol class="govuk-list govuk-list--number"><li>one</li></ol>',
    );
    expect(flat).toContain(
      '<div class="custodian-table-wrap" role="region" tabindex="0" aria-label="Table 1: A, B"><table class="govuk-table">' +
        '<thead class="govuk-table__head"><tr class="govuk-table__row"><th class="govuk-table__header" scope="col">A</th>' +
        '<th class="govuk-table__header govuk-table__header--numeric" scope="col">B</th></tr></thead>' +
        '<tbody class="govuk-table__body"><tr class="govuk-table__row"><td class="govuk-table__cell">1</td>' +
        '<td class="govuk-table__cell govuk-table__cell--numeric">2</td></tr></tbody></table></div>',
    );
    expect(flat).toContain('<blockquote class="govuk-inset-text"><p class="govuk-body">Note</p></blockquote>');
    expect(html).toContain('<hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible" />');
    expect(html).toContain('<a href="https://www.ncsc.gov.uk/" class="govuk-link" rel="noopener noreferrer">NCSC</a>');
    expect(html).toContain('<a href="/contracts/1" class="govuk-link">rel</a>');
    expect(html).toContain('<a href="mailto:a@example.org" class="govuk-link">mail</a>');
    expectInert(html);
  });

  it('names each table apart (a page’s regions need distinct names): its number, the text’s label and its headers', () => {
    const labels = (markdown: string, label?: string) =>
      [...renderMarkdownSafe(markdown, { label }).matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);
    const twoTables = '| A | B |\n|---|---|\n| 1 | 2 |\n\ntext\n\n| A | B |\n|---|---|\n| 3 | 4 |';
    expect(labels(twoTables, 'Scope')).toEqual(['Table 1 in Scope: A, B', 'Table 2 in Scope: A, B']);
    expect(labels('| **Risk** [[doc: P]] |  |\n|---|---|\n| 1 | 2 |')).toEqual(['Table 1: Risk P']);
  });

  it('shifts headings below the page’s own, keeping their order and never skipping a level', () => {
    const levels = (markdown: string, base?: number) =>
      [...renderMarkdownSafe(markdown, { headingBase: base }).matchAll(/<h(\d)/g)].map((m) => Number(m[1]));
    expect(levels('# A\n\n## B\n\n### C\n\n# D')).toEqual([3, 4, 5, 3]);
    expect(levels('## A\n\n### B')).toEqual([3, 4]);
    expect(levels('### A\n\n###### B\n\n#### C')).toEqual([3, 4, 4]);
    expect(levels('# A\n## B\n### C\n#### D\n##### E\n###### F')).toEqual([3, 4, 5, 6, 6, 6]);
    expect(levels('## A\n\n### B', 1)).toEqual([2, 3]);
  });

  it('links a [[doc: …]] marker to its register entry, and marks one the register does not hold', () => {
    const documents = [{ title: 'Access Control Policy', href: '/contracts/c1/smp/documents#doc-d1' }];
    const html = renderMarkdownSafe('See [[doc: access control policy ]] and [[DOC: Missing one]].', { documents });
    expect(html).toContain(
      '<a class="govuk-link" href="/contracts/c1/smp/documents#doc-d1">access control policy</a> and ' +
        '<span class="custodian-doc-missing">Missing one (not in the register)</span>.',
    );
    // Without a register to check against, a marker is its title and no more.
    expect(renderMarkdownSafe('[[doc: Access Control Policy]]')).toBe(
      '<p class="govuk-body">Access Control Policy</p>\n',
    );
  });

  it.each([
    ['a script in a marker', '[[doc: <script>alert(1)</script>]]'],
    ['a quote breaking out of an attribute', '[[doc: x" onmouseover="alert(1)]]'],
    ['a class the author writes', '<p class="govuk-panel">x</p> [x](/a "t" class="evil")'],
    ['a table header with markup', '| <img src=x onerror=alert(1)> "q" |\n|---|\n| 1 |'],
  ])('keeps %s inert', (_, markdown) => {
    const html = renderMarkdownSafe(markdown, { documents: [{ title: 'x" onmouseover="alert(1)', href: '/d#doc-1' }] });
    expectInert(html);
    expect(html).not.toContain('<script');
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
      '<a href="https://example.org/x" class="govuk-link" rel="noopener noreferrer">https://example.org/x</a>',
    );
    expect(renderMarkdownSafe('[x](//evil.example/)')).not.toContain('<a');
    expect(renderMarkdownSafe('<https://example.org>')).toContain(
      '<a href="https://example.org" class="govuk-link" rel="noopener noreferrer">',
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
