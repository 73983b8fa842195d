import { describe, expect, it } from 'vitest';
import { checkPlainEnglish, type PlainEnglishReport } from './plain-english.ts';

/** Every number in the report is finite: no NaN or Infinity reaches the panel. */
function expectFinite(report: PlainEnglishReport) {
  for (const m of [report.overall, ...report.sections.map((s) => s.metrics)]) {
    for (const [k, v] of Object.entries(m)) if (typeof v === 'number') expect(Number.isFinite(v), k).toBe(true);
  }
}
const one = (markdown: string) => checkPlainEnglish([{ key: 'extra-1', heading: 'Extra', markdown }]);

describe('checkPlainEnglish never throws', () => {
  it('handles an empty plan and empty sections', () => {
    const empty = checkPlainEnglish([]);
    expect(empty.sections).toEqual([]);
    expect(empty.overall).toMatchObject({ wordCount: 0, sentenceCount: 0, fleschReadingEase: null });
    const blank = one('');
    expect(blank.sections[0]).toMatchObject({ checked: true, findings: [], metrics: { wordCount: 0 } });
  });

  it.each([
    ['only headings', '# One\n\n## Two\n\n### Three'],
    ['HTML', '<script>alert("SMP")</script>\n\n<table><tr><td>NCSC</td></tr></table>\n\nSome <b>bold</b> text.'],
    [
      'non-English text',
      'Mae’r cynllun hwn yn disgrifio sut rydym yn diogelu data.\n\n安全管理计划必须用简明的英语写成。\n\nПлан безопасности.',
    ],
    ['odd characters', 'a\u0000b \uFFFF \uD800 text\r\nwith CRLF\rand CR.'],
    [
      'deep nesting',
      '>'.repeat(500) +
        ' deep text\n\n' +
        Array.from({ length: 60 }, (_, i) => ' '.repeat(i * 2) + '- item').join('\n'),
    ],
    ['unbalanced brackets', '('.repeat(5000) + 'SMP' + ')'.repeat(10) + ' [link](' + '['.repeat(3000)],
    ['a huge table', '| a | b |\n|---|---|\n' + '| The SMP was written prior to go-live | NCSC |\n'.repeat(3000)],
  ])('handles %s', (_, markdown) => {
    const report = one(markdown);
    expect(report.sections[0]!.checked).toBe(true);
    expectFinite(report);
  });

  it('survives values a typed caller could not send', () => {
    const bad = [null, { key: 1, heading: undefined, markdown: 42 }] as unknown as Parameters<
      typeof checkPlainEnglish
    >[0];
    const report = checkPlainEnglish(bad, {
      maxSentenceWords: Number.NaN,
      readingAge: -3,
      knownAcronyms: [7 as unknown as string],
    });
    expect(report.sections.map((s) => s.metrics.wordCount)).toEqual([0, 0]);
    expect(report.thresholds).toEqual({ maxSentenceWords: 25, readingAge: 16 });
  });

  // Not a speed test: a 500 KB section (the most the SMP schema allows) used to overflow the call
  // stack inside mdast-util-to-nlcst; it must be read in full.
  it('reads a 500 KB section, as one paragraph and as one long list', { timeout: 120_000 }, () => {
    const sentence = 'The service desk encrypts every laptop before a new starter gets it. ';
    const paragraph = sentence.repeat(Math.floor((500 * 1024) / sentence.length));
    const list = ('- ' + sentence + '\n').repeat(Math.floor((500 * 1024) / (sentence.length + 3)));
    for (const markdown of [paragraph, list]) {
      const report = one(markdown);
      const sentences = (markdown.match(/starter gets it\./g) ?? []).length;
      expect(report.sections[0]!.checked).toBe(true);
      expect(report.overall).toMatchObject({
        sentenceCount: sentences,
        wordCount: sentences * 12,
        longestSentence: { words: 12 },
      });
      expectFinite(report);
    }
  });
});
