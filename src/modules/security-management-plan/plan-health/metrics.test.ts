import { describe, expect, it } from 'vitest';
import { fleschKincaidGrade, fleschReadingEase } from './metrics.ts';
import { checkPlainEnglish } from './plain-english.ts';

describe('readability metrics', () => {
  // Counted by hand: 3 sentences, 6 + 7 + 8 = 21 words, 7 + 7 + 13 = 27 syllables
  // ("office" 2, "security" 4, "manager" 3, every other word 1).
  // Reading ease = 206.835 − 1.015 × 7 − 84.6 × 27/21 = 90.96; grade = 0.39 × 7 + 11.8 × 27/21 − 15.59 = 2.31.
  const paragraph =
    'We lock the office at night. Staff wear a pass at all times. The security manager checks the logs each week.';

  it('match hand-checked values for a known paragraph', () => {
    const { overall, sections } = checkPlainEnglish([{ key: 'measures', heading: 'Measures', markdown: paragraph }]);
    expect(overall).toMatchObject({ wordCount: 21, sentenceCount: 3, averageSentenceLength: 7 });
    expect(overall.fleschReadingEase).toBeCloseTo(91.0, 0);
    expect(overall.fleschKincaidGrade).toBeCloseTo(2.3, 0);
    expect(overall.longestSentence).toEqual({
      words: 8,
      text: 'The security manager checks the logs each week.',
      sectionKey: 'measures',
    });
    expect(sections[0]!.metrics).toEqual(overall);
  });

  it('add up sections for the whole plan', () => {
    const plan = [
      { key: 'a', heading: 'A', markdown: 'We lock the office at night.' },
      {
        key: 'b',
        heading: 'B',
        markdown: 'Staff wear a pass at all times. The security manager checks the logs each week.',
      },
    ];
    const { overall, sections } = checkPlainEnglish(plan);
    expect(sections.map((s) => s.metrics.wordCount)).toEqual([6, 15]);
    expect(overall).toMatchObject({ wordCount: 21, sentenceCount: 3, longestSentence: { words: 8, sectionKey: 'b' } });
    expect(overall.fleschReadingEase).toBeCloseTo(91.0, 0);
  });

  it('count findings per rule', () => {
    const md = 'Laptops are encrypted prior to issue. The plan was written in the event that staff forget. We use MFA.';
    const m = checkPlainEnglish([{ key: 'a', heading: 'A', markdown: md }]).overall;
    expect(m).toMatchObject({
      passiveCount: 2,
      complexWordCount: 2,
      undefinedAcronymCount: 1,
      longSentenceCount: 0,
      hardToReadCount: 0,
    });
  });

  it('are null, never NaN, with no sentences', () => {
    expect(fleschReadingEase(0, 0, 0)).toBeNull();
    expect(fleschKincaidGrade(0, 0, 0)).toBeNull();
    const { overall } = checkPlainEnglish([{ key: 'a', heading: 'A', markdown: '# Only a heading\n\n```\ncode\n```' }]);
    expect(overall).toMatchObject({
      wordCount: 0,
      sentenceCount: 0,
      fleschReadingEase: null,
      fleschKincaidGrade: null,
      averageSentenceLength: null,
      longestSentence: null,
    });
  });
});
