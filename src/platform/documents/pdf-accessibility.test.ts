import { describe, expect, it } from 'vitest';
import { pdfStructure } from './fixtures/pdf-structure.ts';
import { pdfTextLines, pdfTextRuns } from './fixtures/pdf-text.ts';
import { pdfFonts, qpdfCheck } from './fixtures/pdf-tools.ts';
import { HASH, samplePlan } from './fixtures/sample-plan.ts';
import { planToPdf } from './index.ts';

// Every check reads the PDF with tools written apart from pdfkit: PDF.js for text, structure and
// metadata, poppler's pdffonts for the fonts, qpdf for the file's structural validity.

const UNICODE = {
  greek: 'Ωμέγα αβγ',
  cyrillic: 'Привет, мир',
  arrows: 'in → out ← back ↔',
  maths: 'x ≤ 5 ≥ y ≠ z',
  ticks: 'done ✓ ✔ not ✗',
  chinese: '安全管理计划',
  japanese: 'ひらがな カタカナ 日本語',
  korean: '한국어 보안',
  welsh: 'Ŵyn a ŷd ŵy',
};
const unicodePlan = () =>
  samplePlan({
    title: `Cynllun ŵ ŷ — 安全 → ✓`,
    cover: { rows: [{ label: 'Ωμέγα', value: `${UNICODE.cyrillic} ${UNICODE.chinese} ≤ ✓` }] },
    sections: [
      {
        heading: `Heading ${UNICODE.greek} ${UNICODE.welsh}`,
        markdown: [
          ...Object.values(UNICODE).map((v) => `${v}\n`),
          `**${UNICODE.chinese} bold** *${UNICODE.cyrillic} italic* \`${UNICODE.arrows}\``,
          '',
          `| ${UNICODE.welsh} | ${UNICODE.chinese} |\n|---|---|\n| ${UNICODE.maths} | ${UNICODE.ticks} |`,
        ].join('\n'),
      },
    ],
  });

describe('planToPdf: any text the plan holds', () => {
  it('round-trips Greek, Cyrillic, arrows, ≤, ✓, Chinese, Japanese, Korean and Welsh ŵ/ŷ exactly, in text, headings, styles and tables', async () => {
    const lines = await pdfTextLines(await planToPdf(unicodePlan()));
    for (const [script, sample] of Object.entries(UNICODE)) expect(lines, script).toContain(sample);
    expect(lines).toContain('Cynllun ŵ ŷ — 安全 → ✓');
    expect(lines).toContain(`Heading ${UNICODE.greek} ${UNICODE.welsh}`);
    expect(lines).toContain(`${UNICODE.chinese} bold ${UNICODE.cyrillic} italic ${UNICODE.arrows}`);
    expect(lines).toContain(`${UNICODE.cyrillic} ${UNICODE.chinese} ≤ ✓`);
    expect(lines).toEqual(expect.arrayContaining([UNICODE.maths, UNICODE.ticks]));
    expect(lines.join('')).not.toContain('?');
  });

  it('reads back "w" as "w" after an earlier document printed "ŵ": documents share no font state', async () => {
    await planToPdf(samplePlan({ sections: [{ heading: 'Cymraeg', markdown: 'Ŵyn a ŷd ŵy' }] }));
    const lines = await pdfTextLines(
      await planToPdf(samplePlan({ sections: [{ heading: 'Roles', markdown: 'The owner writes.' }] })),
    );
    expect(lines).toContain('The owner writes.');
  });

  it('prints a character no embedded font has as U+FFFD, never as a wrong glyph or an empty box', async () => {
    const plan = samplePlan({ sections: [{ heading: 'Devanagari', markdown: 'Hindi नमस्ते end' }] });
    expect(await pdfTextLines(await planToPdf(plan))).toContain(`Hindi ${'\uFFFD'.repeat(6)} end`);
  });

  it('embeds every font, subsetted and mapped to Unicode, and uses none of the 14 unembedded standard fonts', async () => {
    const pdf = await planToPdf(unicodePlan());
    const fonts = await pdfFonts(pdf);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(
      expect.arrayContaining([
        'DejaVuSans',
        'DejaVuSans-Bold',
        'DejaVuSansMono',
        'NotoSansHans-Regular',
        'NotoSansKR-Regular',
      ]),
    );
    for (const font of fonts) expect(font, font.name).toMatchObject({ embedded: true, subset: true, unicode: true });
    expect(fonts.every((f) => /^[A-Z]{6}\+/.test(f.name))).toBe(true);
    const source = pdf.toString('latin1');
    expect(source).toMatch(/\/FontFile2 /);
    expect(source).toMatch(/\/FontFile3 /); // the CJK font is CFF-based
    expect(source).not.toMatch(/\/BaseFont \/(Helvetica|Courier|Times|Symbol|ZapfDingbats)/);
    // Subsetting keeps a short plan small though the Chinese font file alone is 8 MB.
    expect(pdf.length).toBeLessThan(250_000);
  });
});

describe('planToPdf: a tagged PDF (PDF/UA-1)', () => {
  it('declares itself tagged, in British English, with its title shown and the PDF/UA identifier in its XMP', async () => {
    const s = await pdfStructure(await planToPdf(samplePlan()));
    expect(s).toMatchObject({ marked: true, language: 'en-GB', displayDocTitle: true });
    expect(s.title).toBe(samplePlan().title);
    expect(s.xmp).toEqual({ pdfuaPart: '1', title: samplePlan().title });
  });

  it('keeps the XMP well formed when the title has an ampersand or angle brackets', async () => {
    const s = await pdfStructure(await planToPdf(samplePlan({ title: 'Plan <A> & B' })));
    expect(s.xmp.title).toBe('Plan ‹A› and B');
    expect(s.title).toBe('Plan ‹A› and B');
  });

  it('tags headings without skipped levels, sections, paragraphs, lists, tables and code', async () => {
    const s = await pdfStructure(await planToPdf(samplePlan()));
    const roles = new Set(s.elements.map((e) => e.role));
    for (const role of [
      'Document',
      'H1',
      'H2',
      'H3',
      'Sect',
      'P',
      'L',
      'LI',
      'Lbl',
      'LBody',
      'Table',
      'TR',
      'TH',
      'TD',
      'Code',
    ])
      expect(roles, role).toContain(role);
    const headings = s.elements.filter((e) => /^H\d$/.test(e.role));
    expect(headings.map((h) => `${h.role} ${h.text}`)).toEqual([
      `H1 ${samplePlan().title}`,
      'H2 Scope',
      'H3 In scope',
      'H2 Risks',
      'H2 Breaches → response',
      'H2 Approval record',
    ]);
    const levels = headings.map((h) => Number(h.role.slice(1)));
    expect(levels.every((l, i) => i === 0 || l <= levels[i - 1]! + 1)).toBe(true);
    // Spaces left out: a hash broken over two lines reads with a space at the break.
    const cells = s.elements
      .filter((e) => ['TH', 'TD'].includes(e.role))
      .map((e) => `${e.role}:${e.text.replace(/ /g, '')}`);
    expect(cells).toEqual(expect.arrayContaining(['TH:SHA-256', `TD:${HASH}`, 'TH:Risk', 'TD:Phishing|spoofing']));
    const labels = s.elements.filter((e) => e.role === 'Lbl').map((e) => e.text);
    expect(labels).toEqual(['•', '•', '•', '1.', '1.', '2.']);
    expect(s.elements.filter((e) => e.role === 'Code').map((e) => e.text)).toEqual(['siem --tail']);
  });

  it('tags a section’s plain tables as a heading one level down and a table with column headers, text as written', async () => {
    const plan = samplePlan({
      sections: [
        {
          heading: 'Roles',
          markdown: 'Who does what.',
          tables: [
            {
              heading: 'Named roles',
              columns: ['Role', 'Held by'],
              rows: [['*Lead* | owner', 'Ann [[doc: X]]']],
              empty: '',
            },
            { heading: 'Third parties', columns: ['Name'], rows: [], empty: 'None listed.' },
          ],
        },
      ],
    });
    const s = await pdfStructure(await planToPdf(plan));
    expect(s.elements.filter((e) => /^H\d$/.test(e.role)).map((h) => `${h.role} ${h.text}`)).toEqual([
      `H1 ${plan.title}`,
      'H2 Roles',
      'H3 Named roles',
      'H3 Third parties',
      'H2 Approval record',
    ]);
    const cells = s.elements.filter((e) => ['TH', 'TD'].includes(e.role)).map((e) => `${e.role}:${e.text.trim()}`);
    expect(cells).toEqual(expect.arrayContaining(['TH:Role', 'TH:Held by', 'TD:*Lead* | owner', 'TD:Ann [[doc: X]]']));
    expect(s.elements.filter((e) => e.role === 'P').map((e) => e.text)).toContain('None listed.');
    expect(s.untagged).toEqual([]);
  });

  it('marks page numbers as artifacts and leaves no text outside the structure tree', async () => {
    const s = await pdfStructure(await planToPdf(samplePlan()));
    expect(s.artifacts).toEqual(['Page 1 of 3', 'Page 2 of 3', 'Page 3 of 3']);
    expect(s.untagged).toEqual([]);
  });

  it('passes qpdf --check', async () => {
    const { code, output } = await qpdfCheck(await planToPdf(unicodePlan()));
    expect(output).toContain('No syntax or stream encoding errors found');
    expect(code).toBe(0);
  });
});

describe('planToPdf: the cover hash', () => {
  it('wraps the 64-character hash inside its cell, within the page margins', async () => {
    const plan = samplePlan({ cover: { rows: [{ label: 'SHA-256 of this version', value: HASH }] } });
    const runs = (await pdfTextRuns(await planToPdf(plan))).filter((r) => r.page === 1 && /^[0-9a-f]+$/.test(r.text));
    expect(runs.map((r) => r.text).join('')).toBe(HASH);
    expect(runs.length).toBeGreaterThan(1);
    const label = (await pdfTextRuns(await planToPdf(plan))).find((r) => r.text === 'SHA-256 of this version')!;
    for (const r of runs) {
      expect(r.x).toBeGreaterThan(label.right); // in the value column, not over the label
      expect(r.right).toBeLessThanOrEqual(595.28 - 56); // A4 width less the right margin
    }
  });
});
