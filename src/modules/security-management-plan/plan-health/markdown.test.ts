import { describe, expect, it } from 'vitest';
import { checkPlainEnglish } from './plain-english.ts';

const report = (markdown: string) =>
  checkPlainEnglish([{ key: 'measures', heading: 'Security measures', markdown }]).sections[0]!;

describe('Markdown is read as prose, not as syntax', () => {
  it('reads each list item as its own sentence, so a long list is not a long sentence', () => {
    const items = Array.from({ length: 12 }, (_, i) => `- Staff lock screen number ${i + 1} when they leave`).join(
      '\n',
    );
    const r = report(`We do these things:\n\n${items}`);
    expect(r.findings).toEqual([]);
    expect(r.metrics.sentenceCount).toBe(13);
    expect(r.metrics.longestSentence?.words).toBe(8);
  });

  it('keeps table cells out of the prose: no long sentence, and no words counted', () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `| Laptop ${i} | Encrypted and patched each week by the desk | Yes |`,
    ).join('\n');
    const r = report(`| Asset | How we protect it | Checked |\n|---|---|---|\n${rows}\n\nWe check every laptop.`);
    expect(r.findings).toEqual([]);
    expect(r.metrics).toMatchObject({ wordCount: 4, sentenceCount: 1 });
  });

  it('ignores code blocks, inline code and HTML blocks', () => {
    const md = [
      'Run the check each week.',
      '```sh\nsudo fdesetup status # data is encrypted prior to use, in accordance with SOP-7 and the SMP\n```',
      'Type `gpupdate /force` and press Enter.',
      '<div class="note">\nThe SMP was written in accordance with ABC rules.\n</div>',
    ].join('\n\n');
    const r = report(md);
    expect(r.findings).toEqual([]);
    expect(r.metrics.wordCount).toBe(5 + 4);
  });

  it('reads link text, not link targets, and strips emphasis', () => {
    const r = report('**We** lock the [office](https://example.com/OFFICE_HOURS/prior-to-closing) at _night_.');
    expect(r.findings).toEqual([]);
    expect(r.metrics).toMatchObject({
      wordCount: 6,
      longestSentence: { words: 6, text: 'We lock the office at night.', sectionKey: 'measures' },
    });
  });

  it('gives line and column in the section’s own Markdown', () => {
    const r = report('# Laptops\n\n1. First, staff lock screens.\n2. Laptops are encrypted.');
    expect(r.findings).toEqual([
      expect.objectContaining({ rule: 'passive', line: 4, column: 12, sentence: 'Laptops are encrypted.' }),
    ]);
  });

  it('counts a web address as one word', () => {
    expect(report('Read https://www.ncsc.gov.uk/collection/end-user-device-security today.').metrics.wordCount).toBe(3);
  });
});
