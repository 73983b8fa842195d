import { describe, expect, it } from 'vitest';
import { pdfStructure } from './fixtures/pdf-structure.ts';
import { pdfPageCount, pdfTextLines, pdfTextRuns } from './fixtures/pdf-text.ts';
import { HASH, LONG_WORD, samplePlan } from './fixtures/sample-plan.ts';
import { APPROVAL_HEADING, NO_APPROVAL_TEXT, planToPdf } from './index.ts';

// Text is read back with PDF.js (fixtures/pdf-text.ts), as a reader or a screen reader gets it.
const render = (plan = samplePlan()) => planToPdf(plan);

describe('planToPdf', () => {
  it('writes a PDF with the cover first, the sections in order and the approval record last', async () => {
    const pdf = await render();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = (await pdfTextLines(pdf)).join('\n');
    const order = [
      'Security Management Plan',
      'SHA-256',
      'Scope',
      'In scope',
      'Risks',
      'Breaches → response',
      APPROVAL_HEADING,
      'Approved content hash',
    ];
    const positions = order.map((s) => text.indexOf(s));
    expect(
      positions.every((p) => p >= 0),
      `missing: ${order.filter((_, i) => positions[i]! < 0)}`,
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(await pdfPageCount(pdf)).toBeGreaterThanOrEqual(3);
  });

  it('prints the full hash, wrapped inside its table cell rather than running off the page', async () => {
    const lines = await pdfTextLines(await render());
    const joined = lines.join('');
    expect(joined.split(HASH)).toHaveLength(3); // cover page and approval record
    // The value column is narrower than the 64 characters, so no single line holds the whole hash.
    expect(lines.some((l) => l.includes(HASH))).toBe(false);
    expect(lines.some((l) => l.includes(HASH.slice(0, 40)))).toBe(true);
  });

  it('breaks a word longer than the page into several lines', async () => {
    const lines = await pdfTextLines(await render());
    expect(lines.join('')).toContain(LONG_WORD);
    expect(lines.some((l) => l.includes(LONG_WORD))).toBe(false);
  });

  it('renders Markdown as structure: no ** or | left, lists numbered and bulleted, raw HTML as text', async () => {
    const text = (await pdfTextLines(await render())).join('\n');
    expect(text).toContain('all Sites');
    expect(text).not.toContain('**');
    expect(text).not.toMatch(/\| *Risk/);
    expect(text).toContain('Phishing | spoofing');
    expect(text).toMatch(/•\sLaptops/);
    expect(text).toMatch(/1\.\sReport it\n1\.\sWithin one hour\n2\.\sRecord it/);
    expect(text).toContain('See NCSC (https://www.ncsc.gov.uk/).');
    expect(text).toContain('<script>alert(1)</script> stays text.');
    expect(text).toContain('siem --tail');
  });

  it('numbers every page in the footer', async () => {
    const pdf = await render();
    const pages = await pdfPageCount(pdf);
    const footers = (await pdfTextLines(pdf)).filter((l) => /^Page \d+ of \d+$/.test(l));
    expect(footers).toEqual(Array.from({ length: pages }, (_, i) => `Page ${i + 1} of ${pages}`));
  });

  it('sets the title and creation date in the metadata and is reproducible for one input', async () => {
    const pdf = await render();
    const { info } = await pdfStructure(pdf);
    expect(info.CreationDate).toBe('D:20261130090000Z');
    expect(info.Title).toBe(samplePlan().title);
    expect((await render()).equals(pdf)).toBe(true);
  });

  it('says so when there is no approval record, and still ends on its own page', async () => {
    const pdf = await render(samplePlan({ approval: undefined, sections: [] }));
    expect(await pdfTextLines(pdf)).toContain(NO_APPROVAL_TEXT);
    expect(await pdfPageCount(pdf)).toBe(3);
  });

  it('compresses by default', async () => {
    const pdf = await planToPdf(samplePlan());
    const plain = await planToPdf(samplePlan(), { compress: false });
    expect(pdf.toString('latin1')).toContain('/Filter /FlateDecode');
    expect(pdf.length).toBeLessThan(plain.length);
    expect(await pdfTextLines(plain)).toEqual(await pdfTextLines(pdf));
  });
});

describe('planToPdf on awkward Markdown', () => {
  const plan = (markdown: string) => samplePlan({ sections: [{ heading: 'Awkward', markdown }] });

  it('stops indenting deep lists and quotes so every line starts well inside the page', async () => {
    const deepList = Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
    const runs = await pdfTextRuns(await render(plan(`${deepList}\n\n${'> '.repeat(50)}deep quote`)));
    const items = runs.filter((r) => /^item \d+$/.test(r.text));
    expect(items.map((r) => r.text)).toEqual(Array.from({ length: 30 }, (_, i) => `item ${i}`));
    const quote = runs.find((r) => r.text === 'deep quote');
    expect(quote).toBeDefined();
    // The left margin plus six levels of indent plus the marker column, at most.
    expect(Math.max(...[...items, quote!].map((r) => r.x))).toBeLessThanOrEqual(56 + 7 * 18);
    expect(items[0]!.x).toBe(56 + 18);
  });

  it('prints a table with more columns than fit as "Header: value" lines', async () => {
    const n = 12;
    const markdown = `|${Array.from({ length: n }, (_, i) => ` H${i} |`).join('')}\n|${'---|'.repeat(n)}\n|${Array.from({ length: n }, (_, i) => ` v${i} |`).join('')}`;
    const lines = await pdfTextLines(await render(plan(markdown)));
    for (let i = 0; i < n; i++) expect(lines).toContain(`H${i}: v${i}`);
  });

  it('prints a table row taller than a page with its cells one under another, inside the margins and complete', async () => {
    const words = Array.from({ length: 1500 }, (_, i) => `word${i}`);
    const long = samplePlan({
      approval: { rows: [{ label: 'Reason 1', value: words.join(' ') }] },
      sections: [{ heading: 'Tall', markdown: `| Risk | Detail |\n|---|---|\n| Fire | ${words.join(' ')} |` }],
    });
    const runs = await pdfTextRuns(await render(long));
    const printed = runs.flatMap((r) => r.text.match(/word\d+/g) ?? []);
    expect(printed).toEqual([...words, ...words]); // the table cell, then the approval record
    for (const r of runs) {
      expect(r.x).toBeGreaterThanOrEqual(56);
      expect(r.right).toBeLessThanOrEqual(595.28 - 56 + 0.01);
      expect(r.y).toBeGreaterThanOrEqual(20); // above the footer line at most
    }
  });
});
