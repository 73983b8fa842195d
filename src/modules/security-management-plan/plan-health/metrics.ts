/** Readability formulas and the per-section / whole-plan summaries built from sentence counts. */
import type {
  LongestSentence,
  PlainEnglishFinding,
  PlainEnglishMetrics,
  PlainEnglishRule,
} from './plain-english.types.ts';

/** What a metric needs from one prose sentence. */
export interface SentenceCounts {
  readonly words: number;
  readonly syllables: number;
  readonly text: string;
  readonly sectionKey: string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Flesch (1948) reading ease, or null when there is nothing to score. */
export function fleschReadingEase(words: number, sentences: number, syllables: number): number | null {
  if (words <= 0 || sentences <= 0) return null;
  return round1(206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words));
}

/** Kincaid et al. (1975) grade level, or null when there is nothing to score. */
export function fleschKincaidGrade(words: number, sentences: number, syllables: number): number | null {
  if (words <= 0 || sentences <= 0) return null;
  return round1(0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59);
}

const count = (findings: readonly PlainEnglishFinding[], rule: PlainEnglishRule) =>
  findings.reduce((n, f) => n + (f.rule === rule ? 1 : 0), 0);

/** Metrics over sentences that have at least one word; the first of equally long sentences is "longest". */
export function summarise(
  sentences: readonly SentenceCounts[],
  findings: readonly PlainEnglishFinding[],
): PlainEnglishMetrics {
  let words = 0;
  let syllables = 0;
  let n = 0;
  let longest: LongestSentence | null = null;
  for (const s of sentences) {
    if (s.words <= 0) continue;
    n++;
    words += s.words;
    syllables += s.syllables;
    if (!longest || s.words > longest.words) longest = { words: s.words, text: s.text, sectionKey: s.sectionKey };
  }
  return {
    wordCount: words,
    sentenceCount: n,
    fleschReadingEase: fleschReadingEase(words, n, syllables),
    fleschKincaidGrade: fleschKincaidGrade(words, n, syllables),
    averageSentenceLength: n ? round1(words / n) : null,
    longestSentence: longest,
    longSentenceCount: count(findings, 'long-sentence'),
    hardToReadCount: count(findings, 'hard-to-read'),
    passiveCount: count(findings, 'passive'),
    complexWordCount: count(findings, 'complex-word'),
    undefinedAcronymCount: count(findings, 'undefined-acronym'),
  };
}

export const EMPTY_METRICS: PlainEnglishMetrics = summarise([], []);
