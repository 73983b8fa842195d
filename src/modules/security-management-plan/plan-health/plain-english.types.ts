/** The plain-English check's input, options and report (clause 4.2.1(g) of the security schedule). */

/** One section of a plan; the SMP's PlanSection fits this shape. */
export interface PlainEnglishSection {
  readonly key: string;
  readonly heading: string;
  readonly markdown: string;
}

export type PlainEnglishRule = 'long-sentence' | 'passive' | 'complex-word' | 'undefined-acronym' | 'hard-to-read';

export interface PlainEnglishOptions {
  /** Acronyms readers know without a definition, added to DEFAULT_KNOWN_ACRONYMS. */
  readonly knownAcronyms?: readonly string[];
  /** A sentence with more words than this is long (default 25, GOV.UK's guidance). */
  readonly maxSentenceWords?: number;
  /** Target reading age for retext-readability (default 16: adult staff, not specialists). */
  readonly readingAge?: number;
}

/** Advice about one sentence (or, for an acronym in a table, one cell). Never blocks submission. */
export interface PlainEnglishFinding {
  readonly rule: PlainEnglishRule;
  readonly sectionKey: string;
  /** The whole sentence as a reader sees it (Markdown removed, whitespace collapsed, trimmed). */
  readonly sentence: string;
  /** Plain advice in GOV.UK style. */
  readonly message: string;
  /** The plainer word or phrase to use, for 'complex-word'. */
  readonly suggestion?: string;
  /** 1-based, in the section's Markdown: the sentence start, or the flagged words. */
  readonly line?: number;
  readonly column?: number;
}

export interface LongestSentence {
  readonly words: number;
  readonly text: string;
  readonly sectionKey: string;
}

/**
 * Counts over prose sentences: headings, code, HTML blocks and tables are not prose. Scores are
 * null, never NaN, when there is no sentence; they are rounded to one decimal place.
 */
export interface PlainEnglishMetrics {
  readonly wordCount: number;
  readonly sentenceCount: number;
  /** Flesch reading ease: 206.835 − 1.015 × words/sentence − 84.6 × syllables/word. Higher is easier; 60+ is plain. */
  readonly fleschReadingEase: number | null;
  /** Flesch–Kincaid grade: 0.39 × words/sentence + 11.8 × syllables/word − 15.59 (US school grade). */
  readonly fleschKincaidGrade: number | null;
  readonly averageSentenceLength: number | null;
  readonly longestSentence: LongestSentence | null;
  readonly longSentenceCount: number;
  readonly hardToReadCount: number;
  readonly passiveCount: number;
  readonly complexWordCount: number;
  readonly undefinedAcronymCount: number;
}

export interface PlainEnglishSectionReport {
  readonly key: string;
  readonly heading: string;
  /** This section is the glossary (its heading says Glossary, Definitions, Abbreviations or Acronyms). */
  readonly glossary: boolean;
  /** False if the section could not be read; its metrics are then zero and it has no findings. */
  readonly checked: boolean;
  readonly metrics: PlainEnglishMetrics;
  /** In document order. */
  readonly findings: readonly PlainEnglishFinding[];
}

export interface PlainEnglishReport {
  readonly overall: PlainEnglishMetrics;
  readonly sections: readonly PlainEnglishSectionReport[];
  /** The thresholds used, so the panel can explain them. */
  readonly thresholds: { readonly maxSentenceWords: number; readonly readingAge: number };
}
