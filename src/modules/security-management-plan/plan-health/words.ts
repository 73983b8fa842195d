/**
 * Words and syllables as a reader counts them. A word is a run of non-space characters holding at
 * least one letter or digit, so "end-user", "ISO27001", "e.g." and a bare web address are each one
 * word (nlcst would split a web address into a dozen). Syllables come from the `syllable` package
 * (the words/retext family, as retext-readability uses) — never hand-rolled.
 */
import { syllable } from 'syllable';

/** One nlcst word of a sentence, for phrase matching. */
export interface WordRef {
  readonly value: string;
  readonly lower: string;
  /** Offset in the section's Markdown (NaN if the parser gave no position). */
  readonly offset: number;
  /** True when only whitespace separates it from the previous word (phrases may not span punctuation). */
  readonly joined: boolean;
}

const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

// Counting the same word twice in a plan is common ("the", "security", "data"): cache it.
const cache = new Map<string, number>();
const CACHE_LIMIT = 50_000;

/** Syllables in one word, at least 1: a number such as "20" is still spoken. */
export function syllablesIn(word: string): number {
  const key = word.replace(EDGE_PUNCTUATION, '').toLowerCase();
  let n = cache.get(key);
  if (n === undefined) {
    n = Math.max(1, syllable(key));
    if (cache.size < CACHE_LIMIT) cache.set(key, n);
  }
  return n;
}

export function countWords(text: string): { words: number; syllables: number } {
  let words = 0;
  let syllables = 0;
  for (const token of text.split(/\s+/)) {
    if (!token || !HAS_LETTER_OR_DIGIT.test(token)) continue;
    words++;
    syllables += syllablesIn(token);
  }
  return { words, syllables };
}
