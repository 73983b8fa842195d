/**
 * The sentence rules for one section: long sentences, hard-to-read sentences, passive voice and
 * complex words. Library messages and Custodian's additions are merged so one thing is reported
 * once. Acronyms need the whole plan, so this only hands back the section's text units for them.
 */
import type { VFileMessage } from 'vfile-message';
import type { TextUnit } from './acronym-check.ts';
import { complexWordMessage, hardToReadMessage, longSentenceMessage, matchCase, passiveMessage } from './messages.ts';
import type { SentenceCounts } from './metrics.ts';
import { findPassives, passiveAt } from './passive.ts';
import { contractSpeak, findContractSpeak } from './phrases.ts';
import type { PlainEnglishFinding, PlainEnglishRule, PlainEnglishSection } from './plain-english.types.ts';
import { analyseProse, type ProseProcessor, type ProseSentence } from './prose.ts';
import { lastAtOrBefore, locator, type LineColumn } from './text-position.ts';

export interface Settings {
  readonly maxSentenceWords: number;
  readonly readingAge: number;
  readonly known: ReadonlySet<string>;
}

/** A finding with what document order needs: its sentence's start, its own offset, its rule's rank. */
export interface PlacedFinding {
  readonly finding: PlainEnglishFinding;
  readonly anchor: number;
  readonly offset: number;
  readonly rank: number;
}

export interface SectionAnalysis {
  readonly sentences: readonly SentenceCounts[];
  readonly findings: PlacedFinding[];
  readonly units: readonly TextUnit[];
  readonly locate: (offset: number) => LineColumn;
}

/** Within one sentence: the sentence-wide advice first, then the rest by position. */
export const RANK: Record<PlainEnglishRule, number> = {
  'long-sentence': 0,
  'hard-to-read': 1,
  passive: 2,
  'complex-word': 3,
  'undefined-acronym': 4,
};

/**
 * Below this many words no sentence is called hard to read. The readability formulas were made for
 * passages, and on a short sentence one long word decides the score ("The information security
 * manager approves every change." put 5 of 7 above 16). The research GOV.UK's guidance draws on
 * (American Press Institute) found readers understand nearly all of sentences of 14 words or fewer;
 * long words in a short sentence still get their own complex-word advice.
 */
export const MIN_HARD_TO_READ_WORDS = 15;

export const isGlossaryHeading = (heading: string) =>
  /\b(glossary|definitions|abbreviations|acronyms)\b/i.test(heading);

const startOf = (m: VFileMessage) =>
  m.place ? ('start' in m.place ? m.place.start.offset : m.place.offset) : undefined;
const endOf = (m: VFileMessage) => (m.place && 'end' in m.place ? m.place.end.offset : undefined);

interface Simplified {
  readonly message: VFileMessage;
  readonly start: number;
  readonly end: number;
}
type Add = (s: ProseSentence, rule: PlainEnglishRule, offset: number, message: string, suggestion?: string) => void;

/**
 * retext-simplify's findings and Custodian's contract-speak, one finding per phrase. Where ours is
 * the longer phrase ("subsequent to" over "subsequent", "with effect from" over "effect") ours wins;
 * where the spans are the same ("in accordance with") the library's finding stands with our
 * suggestion; any other overlap keeps the library's alone.
 */
function complexWords(s: ProseSentence, library: readonly Simplified[], add: Add): void {
  const ours = findContractSpeak(s.wordRefs);
  const beaten = new Set<Simplified>();
  const kept = ours.filter((c) => {
    const overlapping = library.filter((l) => c.offset < l.end && l.start < c.end);
    const wins = overlapping.every((l) => c.offset <= l.start && l.end <= c.end && c.end - c.offset > l.end - l.start);
    if (wins) for (const l of overlapping) beaten.add(l);
    return wins;
  });
  for (const l of library) {
    if (beaten.has(l)) continue;
    const actual = l.message.actual ?? '';
    const preferred = contractSpeak(actual);
    // retext-simplify marks "can be left out" in its reason, and for a few words as a "remove" suggestion.
    const expected = (l.message.expected ?? []).filter((e) => e !== 'remove');
    const omit = preferred
      ? preferred.suggestion === ''
      : /remove it/.test(l.message.reason) || expected.length < (l.message.expected ?? []).length;
    const alternatives = (preferred ? (preferred.suggestion ? [preferred.suggestion] : []) : expected).map((a) =>
      matchCase(actual, a),
    );
    add(s, 'complex-word', l.start, complexWordMessage(actual, alternatives, omit), alternatives[0]);
  }
  for (const c of kept) {
    const alternatives = c.alternative.suggestion ? [matchCase(c.actual, c.alternative.suggestion)] : [];
    add(
      s,
      'complex-word',
      c.offset,
      complexWordMessage(c.actual, alternatives, !c.alternative.suggestion),
      alternatives[0],
    );
  }
}

export function analyseSection(
  processor: ProseProcessor,
  section: PlainEnglishSection,
  index: number,
  settings: Settings,
): SectionAnalysis {
  const markdown = section.markdown;
  const prose = analyseProse(processor, markdown);
  const locate = locator(markdown);
  const sentences = prose.sentences;
  const findings: PlacedFinding[] = [];
  const add: Add = (s, rule, offset, message, suggestion) => {
    const at = Number.isNaN(offset) ? s.start : offset;
    const base = { rule, sectionKey: section.key, sentence: s.text, message, ...locate(at) };
    findings.push({
      finding: suggestion === undefined ? base : { ...base, suggestion },
      anchor: s.start,
      offset: at,
      rank: RANK[rule],
    });
  };

  // Library messages, each tied to the prose sentence it falls in; headings are not sentences.
  const hard = new Map<ProseSentence, string>();
  const passiveAtOffset = new Set<number>();
  const simplified = new Map<ProseSentence, Simplified[]>();
  for (const m of prose.messages) {
    const off = startOf(m);
    if (off === undefined) continue;
    const s = sentences[lastAtOrBefore(sentences, off, (x) => x.start)];
    if (!s || s.heading || off >= s.end) continue;
    if (m.source === 'retext-readability') hard.set(s, m.reason);
    else if (m.source === 'retext-passive') {
      const p = passiveAt(s.wordRefs, off, m.actual ?? '');
      passiveAtOffset.add(off);
      add(s, 'passive', p.offset, passiveMessage(p.phrase));
    } else if (m.source === 'retext-simplify') {
      const list = simplified.get(s) ?? [];
      list.push({ message: m, start: off, end: endOf(m) ?? off + (m.actual ?? '').length });
      simplified.set(s, list);
    }
  }

  for (const s of sentences) {
    if (s.heading || s.words === 0) continue;
    const long = s.words > settings.maxSentenceWords;
    if (long) add(s, 'long-sentence', s.start, longSentenceMessage(s.words, settings.maxSentenceWords));
    // Readability formulas are driven by sentence length: a long sentence's advice already covers it.
    const reason = hard.get(s);
    if (reason !== undefined && !long && s.words >= MIN_HARD_TO_READ_WORDS)
      add(s, 'hard-to-read', s.start, hardToReadMessage(reason, settings.readingAge));
    for (const p of findPassives(s.wordRefs)) {
      if (!passiveAtOffset.has(p.participleOffset)) add(s, 'passive', p.offset, passiveMessage(p.phrase));
    }
    complexWords(s, simplified.get(s) ?? [], add);
  }

  const glossary = isGlossaryHeading(section.heading);
  const units: TextUnit[] = [
    ...sentences.map((s) => ({
      sectionIndex: index,
      text: s.text,
      scan: s.scan,
      offsetAt: s.offsetAt,
      heading: s.heading,
      blockStart: s.blockStart,
      glossary,
      at: s.start,
    })),
    ...prose.cells.map((c) => ({
      sectionIndex: index,
      text: c.row,
      scan: c.scan,
      offsetAt: (i: number) => c.offset + i,
      heading: false,
      blockStart: c.firstInRow,
      glossary,
      at: c.offset,
    })),
  ].sort((a, b) => a.at - b.at);
  const counts = sentences
    .filter((s) => !s.heading)
    .map((s) => ({ words: s.words, syllables: s.syllables, text: s.text, sectionKey: section.key }));
  return { sentences: counts, findings, units, locate };
}
