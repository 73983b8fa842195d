/**
 * Passive voice beyond retext-passive. That plugin knows only ~200 irregular participles ("given",
 * "held", "written"), so "Laptops are encrypted", "Access is reviewed" and "Breaches are reported" —
 * the passives a security plan is full of — pass unseen. This adds the regular ones: a form of "be",
 * optionally one adverb ("is regularly reviewed", "are not shared"), then a word ending in "-ed".
 * Findings at the same participle as retext-passive's are merged by the caller.
 */
import type { WordRef } from './words.ts';

const BE = new Set(['am', 'are', 'is', 'was', 'were', 'be', 'been', 'being']);

/** Words allowed between "be" and the participle; any other "-ly" word is allowed too. */
const BETWEEN = new Set([
  'not',
  'also',
  'then',
  'always',
  'never',
  'only',
  'still',
  'all',
  'each',
  'both',
  'now',
  'often',
  'first',
  'later',
  'further',
]);

/**
 * Common irregular participles, for when an adverb splits them from "be" (retext-passive only looks
 * at the word right after "be"), plus a few it lacks ("undertaken", "overseen").
 */
const IRREGULAR = new Set([
  'kept',
  'held',
  'given',
  'made',
  'done',
  'sent',
  'taken',
  'shown',
  'written',
  'known',
  'seen',
  'found',
  'built',
  'set',
  'put',
  'told',
  'run',
  'read',
  'sold',
  'paid',
  'lost',
  'brought',
  'bought',
  'spent',
  'left',
  'led',
  'withheld',
  'upheld',
  'withdrawn',
  'undertaken',
  'overseen',
  'shut',
  'cut',
  'hidden',
]);

/**
 * "-ed" words that after "be" are adjectives, not actions someone does ("is based on", "are
 * concerned about"), and words that merely end in "ed". Words starting "un" ("unauthorised",
 * "unencrypted") are adjectives too and are skipped by rule.
 */
const NOT_PARTICIPLES = new Set([
  'based',
  'concerned',
  'interested',
  'involved',
  'located',
  'prepared',
  'supposed',
  'related',
  'qualified',
  'experienced',
  'skilled',
  'advanced',
  'complicated',
  'detailed',
  'dedicated',
  'limited',
  'tired',
  'married',
  'pleased',
  'worried',
  'excited',
  'bored',
  'scared',
  'satisfied',
  'embed',
  'hundred',
  'sacred',
  'naked',
  'wicked',
  'shred',
  'kindred',
  'rugged',
  'ragged',
  'indeed',
]);

const isRegularParticiple = (w: string) =>
  w.length >= 5 && w.endsWith('ed') && !w.endsWith('eed') && !w.startsWith('un') && !NOT_PARTICIPLES.has(w);

export interface PassiveMatch {
  /** "are encrypted", "is not shared": from the form of "be" to the participle, as written. */
  readonly phrase: string;
  /** Offset of the form of "be" (where the phrase starts). */
  readonly offset: number;
  /** Offset of the participle (where retext-passive points). */
  readonly participleOffset: number;
}

function matchAt(words: readonly WordRef[], i: number, participle: (w: string) => boolean): PassiveMatch | undefined {
  if (!BE.has(words[i]!.lower)) return undefined;
  let j = i + 1;
  const next = words[j];
  if (!next?.joined) return undefined;
  if (BETWEEN.has(next.lower) || (next.lower.endsWith('ly') && next.lower.length > 3)) {
    if (!words[j + 1]?.joined) return undefined;
    j++;
  }
  const p = words[j]!;
  if (!participle(p.lower)) return undefined;
  const phrase = words
    .slice(i, j + 1)
    .map((w) => w.value)
    .join(' ');
  return { phrase, offset: words[i]!.offset, participleOffset: p.offset };
}

/** Regular passives, and irregular ones split by an adverb, in one sentence's words. */
export function findPassives(words: readonly WordRef[]): PassiveMatch[] {
  const out: PassiveMatch[] = [];
  for (let i = 0; i < words.length - 1; i++) {
    const m = matchAt(words, i, (w) => isRegularParticiple(w) || IRREGULAR.has(w));
    if (m) out.push(m);
  }
  return out;
}

/** The phrase for a participle retext-passive found: the "be" word before it, then the participle. */
export function passiveAt(words: readonly WordRef[], participleOffset: number, actual: string): PassiveMatch {
  const j = words.findIndex((w) => w.offset === participleOffset);
  const before = j > 0 ? words[j - 1] : undefined;
  if (!before) return { phrase: actual, offset: participleOffset, participleOffset };
  return { phrase: `${before.value} ${words[j]!.value}`, offset: before.offset, participleOffset };
}
