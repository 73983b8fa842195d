/**
 * Complex words and phrases. retext-simplify does most of the work; this file tunes it for a
 * security plan and adds the contract-speak it misses.
 */
import type { WordRef } from './words.ts';

/**
 * retext-simplify rules switched off. Each is either a term with a precise meaning in the security
 * schedule or in security practice (an "IP address", to "monitor" logs, to "notify" a breach, to
 * "retain" records, "unauthorised disclosure"), an everyday word already plain enough that flagging
 * it would bury the useful findings ("there is", "however", "provide", "require"), or a rule for
 * military or office writing that never fits a plan ("aircraft", "your office").
 */
export const SIMPLIFY_IGNORE: readonly string[] = [
  // precise terms in the schedule or in security work
  'address',
  'authorise',
  'authorize',
  'is authorised to',
  'is authorized to',
  'capability',
  'component',
  'delete',
  'designate',
  'disclose',
  'effect',
  'employ',
  'function',
  'interface',
  'maintain',
  'minimise',
  'minimize',
  'monitor',
  'notify',
  'parameters',
  'purchase',
  'request',
  'retain',
  'submit',
  'transmit',
  'type',
  'validate',
  // already plain
  'accurate',
  'additional',
  'combined',
  'contains',
  'currently',
  'determine',
  'equivalent',
  'evaluate',
  'forward',
  'frequently',
  'however',
  'identical',
  'identify',
  'immediately',
  'initial',
  'it is',
  'maximum',
  'minimum',
  'multiple',
  'objective',
  'observe',
  'operate',
  'option',
  'overall',
  'portion',
  'previous',
  'previously',
  'provide',
  'reflect',
  'remain',
  'represents',
  'require',
  'requirement',
  'selection',
  'similar to',
  'there are',
  'there is',
  'very',
  // other trades' writing
  'aircraft',
  'arrive onboard',
  'combat environment',
  'females',
  'the undersigned',
  'vice',
  'your office',
];

/** A phrase and the plain word to use instead; `suggestion: ''` means "leave it out". */
export interface PlainAlternative {
  readonly phrase: string;
  readonly suggestion: string;
}

/**
 * Contract-speak common in security plans. Most are missing from retext-simplify (or only in US
 * spelling, or only in the base form); a few it has ("in accordance with", "prior to", "utilise",
 * "pursuant to", "shall") are here to give the one plain word that fits a plan, and are reported once,
 * by retext-simplify, with this suggestion.
 */
export const CONTRACT_SPEAK: readonly PlainAlternative[] = [
  { phrase: 'in accordance with', suggestion: 'under' },
  { phrase: 'prior to', suggestion: 'before' },
  { phrase: 'utilise', suggestion: 'use' },
  { phrase: 'utilised', suggestion: 'used' },
  { phrase: 'utilises', suggestion: 'uses' },
  { phrase: 'utilising', suggestion: 'using' },
  { phrase: 'pursuant to', suggestion: 'under' },
  { phrase: 'shall', suggestion: 'must' },
  { phrase: 'in the event that', suggestion: 'if' },
  { phrase: 'with regard to', suggestion: 'about' },
  { phrase: 'in respect of', suggestion: 'for' },
  { phrase: 'subsequent to', suggestion: 'after' },
  { phrase: 'in conjunction with', suggestion: 'with' },
  { phrase: 'in the absence of', suggestion: 'without' },
  { phrase: 'on a regular basis', suggestion: 'regularly' },
  { phrase: 'with effect from', suggestion: 'from' },
  { phrase: 'at the earliest opportunity', suggestion: 'as soon as possible' },
  { phrase: 'is able to', suggestion: 'can' },
  { phrase: 'are able to', suggestion: 'can' },
  { phrase: 'endeavour', suggestion: 'try' },
  { phrase: 'endeavours', suggestion: 'efforts' },
  { phrase: 'forthwith', suggestion: 'at once' },
  { phrase: 'henceforth', suggestion: 'from now on' },
  { phrase: 'whilst', suggestion: 'while' },
  { phrase: 'liaise with', suggestion: 'work with' },
  { phrase: 'going forward', suggestion: 'in future' },
  { phrase: 'hereby', suggestion: '' },
];

const BY_PHRASE = new Map(CONTRACT_SPEAK.map((p) => [p.phrase, p]));
/** Phrases indexed by first word, longest first, so "in the event that" wins over shorter ones. */
const BY_FIRST_WORD = new Map<string, string[][]>();
for (const { phrase } of [...CONTRACT_SPEAK].sort((a, b) => b.phrase.length - a.phrase.length)) {
  const words = phrase.split(' ');
  const list = BY_FIRST_WORD.get(words[0]!) ?? [];
  list.push(words);
  BY_FIRST_WORD.set(words[0]!, list);
}

/** The Custodian suggestion for a phrase, whatever its case. */
export const contractSpeak = (phrase: string): PlainAlternative | undefined =>
  BY_PHRASE.get(phrase.toLowerCase().replace(/\s+/g, ' '));

export interface PhraseMatch {
  readonly alternative: PlainAlternative;
  /** The words as written, e.g. "Prior to". */
  readonly actual: string;
  readonly offset: number;
  /** Offset just after the last word. */
  readonly end: number;
}

/** Contract-speak in one sentence's words; a phrase never spans punctuation. */
export function findContractSpeak(words: readonly WordRef[]): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  for (let i = 0; i < words.length; i++) {
    const candidates = BY_FIRST_WORD.get(words[i]!.lower);
    if (!candidates) continue;
    const hit = candidates.find((p) =>
      p.every((w, k) => words[i + k]?.lower === w && (k === 0 || words[i + k]!.joined)),
    );
    if (!hit) continue;
    const matched = words.slice(i, i + hit.length);
    const last = matched.at(-1)!;
    const actual = matched.map((w) => w.value).join(' ');
    out.push({
      alternative: BY_PHRASE.get(hit.join(' '))!,
      actual,
      offset: words[i]!.offset,
      end: last.offset + last.value.length,
    });
    i += hit.length - 1;
  }
  return out;
}
