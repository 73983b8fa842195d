import { beforeAll, describe, expect, it } from 'vitest';
import { minimalDocx } from './fixtures/docx-parts.ts';
import { sampleDocx } from './fixtures/sample-docx.ts';
import { readDocx, type ImportedDocument } from './index.ts';
import { renderMarkdownSafe } from './markdown.ts';

// The structure read back, without the GOV.UK typography the page adds.
const withoutClasses = (html: string) => html.replace(/ class="[^"]*"/g, '');
const p = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const withBody = (body: string) =>
  minimalDocx((parts) =>
    parts.map((e) =>
      e.name === 'word/document.xml'
        ? { ...e, data: String(e.data).replace(/<w:body>.*<\/w:body>/, `<w:body>${body}</w:body>`) }
        : e,
    ),
  );

describe('readDocx on a document built with the docx package', () => {
  let imported: ImportedDocument;
  beforeAll(async () => {
    imported = await readDocx(await sampleDocx());
  });

  it('uses the Title paragraph as the title and as a level-0 section', () => {
    expect(imported.title).toBe('Acme Security Plan');
    expect(imported.sections.map((s) => [s.heading, s.level])).toEqual([
      ['Acme Security Plan', 0],
      ['Scope', 1],
      ['Risks', 1],
      ['Pictures', 1],
    ]);
    expect(imported.sections[0]!.markdown).toBe('Prepared by the Agency.');
  });

  it('keeps what comes before the first heading as the preamble', () => {
    expect(imported.preamble).toBe('Draft for review');
  });

  it('keeps deeper headings inside the section as ## and ###, with bold and escaped Markdown', () => {
    const scope = imported.sections[1]!.markdown;
    expect(scope).toContain('The plan covers **all Sites** and \\*stars\\* stay text.');
    expect(scope).toMatch(/^## In scope$/m);
    expect(scope).toMatch(/^### Detail$/m);
    expect(scope.indexOf('## In scope')).toBeLessThan(scope.indexOf('### Detail'));
  });

  it('turns tables into GFM tables: first row as header, pipes escaped, empty cells kept', () => {
    const lines = imported.sections[2]!.markdown.split('\n');
    const start = lines.indexOf('| Risk | Owner | Rating |');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(lines.slice(start + 1, start + 4)).toEqual([
      '| --- | --- | --- |',
      '| Phishing \\| spoofing | IT | High |',
      '| Lost laptop |  | Medium |',
    ]);
    const html = withoutClasses(renderMarkdownSafe(imported.sections[2]!.markdown));
    expect(html).toContain('<td>Phishing | spoofing</td>');
  });

  it('keeps nested bullet and numbered lists nested', () => {
    const html = withoutClasses(renderMarkdownSafe(imported.sections[2]!.markdown));
    expect(html.replace(/\s+/g, '')).toContain('<ul><li>Laptops<ul><li>Encrypted</li></ul></li><li>Phones</li></ul>');
    expect(html.replace(/\s+/g, '')).toContain(
      '<ol><li>Reportit<ol><li>Withinonehour</li></ol></li><li>Recordit</li></ol>',
    );
  });

  it('keeps web links and drops script links to their text', () => {
    expect(imported.sections[2]!.markdown).toContain('See [NCSC](https://www.ncsc.gov.uk/) and this.');
    expect(imported.sections[2]!.markdown).not.toContain('javascript');
  });

  it('drops pictures with a warning', () => {
    expect(imported.sections[3]!.markdown).toBe('After the picture.');
    expect(imported.warnings).toEqual(['1 picture was left out: pictures are not imported']);
  });
});

describe('readDocx on hand-made documents', () => {
  it('splits at the shallowest heading level used when there is no Heading 1', async () => {
    const doc = await readDocx(
      withBody(p('Intro') + p('First', 'Heading2') + p('a') + p('Sub', 'Heading3') + p('b') + p('Second', 'Heading2')),
    );
    expect(doc.title).toBeUndefined();
    expect(doc.preamble).toBe('Intro');
    expect(doc.sections).toEqual([
      { heading: 'First', level: 2, markdown: 'a\n\n## Sub\n\nb' },
      { heading: 'Second', level: 2, markdown: '' },
    ]);
  });

  it('treats a document without headings as all preamble', async () => {
    const doc = await readDocx(withBody(p('Just text') + p('More text')));
    expect(doc.sections).toEqual([]);
    expect(doc.preamble).toBe('Just text\n\nMore text');
  });

  it('cannot be tricked into a section cut by text that looks like the internal marker', async () => {
    const doc = await readDocx(withBody(p('\uE000x:0\uE000 # Not a heading') + p('Real', 'Heading1')));
    expect(doc.sections.map((s) => s.heading)).toEqual(['Real']);
    expect(doc.preamble).toBe('x:0 # Not a heading');
  });

  it('keeps a heading inside a table as bold text and flattens a table inside a table, with warnings', async () => {
    const tc = (inner: string) => `<w:tc>${inner}</w:tc>`;
    const tbl = (...rows: string[][]) =>
      `<w:tbl>${rows.map((cells) => `<w:tr>${cells.map(tc).join('')}</w:tr>`).join('')}</w:tbl>`;
    const inner = tbl([p('x'), p('y')]);
    const doc = await readDocx(
      withBody(p('Top', 'Heading1') + tbl([p('Name', 'Heading1'), p('Value')], [p('a'), inner + p('')])),
    );
    expect(doc.sections.map((s) => s.heading)).toEqual(['Top']);
    expect(doc.sections[0]!.markdown).toBe('| Name | Value |\n| --- | --- |\n| a | x y |');
    expect(doc.warnings).toEqual([
      'Headings inside tables or lists were kept as bold text',
      'Tables inside tables were flattened into text',
    ]);
  });

  it('warns that embedded files were left out', async () => {
    const bytes = minimalDocx((parts) => [
      ...parts,
      { name: 'word/embeddings/oleObject1.bin', data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) },
    ]);
    expect((await readDocx(bytes)).warnings).toEqual(['Embedded files or objects were left out']);
  });

  it('falls back to the title in the document properties', async () => {
    const core =
      '<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Plan &amp; annex</dc:title></cp:coreProperties>';
    const bytes = minimalDocx((parts) => [...parts, { name: 'docProps/core.xml', data: core }]);
    expect((await readDocx(bytes)).title).toBe('Plan & annex');
  });
});
