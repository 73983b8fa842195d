/**
 * Plain-English findings for a Security Management Plan: clause 4.2.1(g) of the security schedule
 * asks for "plain English in language which is readily comprehensible to the staff of the Agency
 * and the Client". The findings are advice for the plan-health panel; they never block submission.
 * Pure and synchronous: same sections and options in, same report out, and it never throws.
 */
import { DEFAULT_KNOWN_ACRONYMS } from './acronyms.ts';
import { findUndefinedAcronyms, type TextUnit } from './acronym-check.ts';
import { undefinedAcronymMessage } from './messages.ts';
import { EMPTY_METRICS, summarise } from './metrics.ts';
import type {
  PlainEnglishOptions,
  PlainEnglishReport,
  PlainEnglishSection,
  PlainEnglishSectionReport,
} from './plain-english.types.ts';
import { proseProcessor } from './prose.ts';
import { analyseSection, isGlossaryHeading, RANK, type SectionAnalysis, type Settings } from './section-check.ts';

export type * from './plain-english.types.ts';
export { DEFAULT_KNOWN_ACRONYMS } from './acronyms.ts';

const positive = (n: unknown, fallback: number) =>
  typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;

function settingsFrom(options: PlainEnglishOptions | undefined): Settings {
  const extra = Array.isArray(options?.knownAcronyms) ? options.knownAcronyms : [];
  const known = new Set(DEFAULT_KNOWN_ACRONYMS);
  for (const a of extra) if (typeof a === 'string' && a.trim()) known.add(a.trim().toUpperCase());
  return {
    maxSentenceWords: positive(options?.maxSentenceWords, 25),
    readingAge: positive(options?.readingAge, 16),
    known,
  };
}

/** Strings only: the check must survive whatever a caller (or a bad row) hands it. */
function normalise(section: unknown): PlainEnglishSection {
  const s = (section ?? {}) as Partial<Record<keyof PlainEnglishSection, unknown>>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return { key: str(s.key), heading: str(s.heading), markdown: str(s.markdown) };
}

/** Checks every section, then acronyms across the plan; findings come back in document order. */
export function checkPlainEnglish(
  sections: readonly PlainEnglishSection[],
  options?: PlainEnglishOptions,
): PlainEnglishReport {
  const settings = settingsFrom(options);
  const thresholds = { maxSentenceWords: settings.maxSentenceWords, readingAge: settings.readingAge };
  const plan = (Array.isArray(sections) ? sections : []).map(normalise);
  const processor = proseProcessor(settings.readingAge);
  const analyses: Array<SectionAnalysis | undefined> = plan.map((section, i) => {
    try {
      return analyseSection(processor, section, i, settings);
    } catch {
      return undefined; // reported as checked: false rather than failing the whole panel
    }
  });

  const units: TextUnit[] = analyses.flatMap((a) => a?.units ?? []);
  let undefinedAcronyms: ReturnType<typeof findUndefinedAcronyms>;
  try {
    undefinedAcronyms = findUndefinedAcronyms(units, settings.known);
  } catch {
    undefinedAcronyms = [];
  }
  for (const u of undefinedAcronyms) {
    const a = analyses[u.unit.sectionIndex];
    const section = plan[u.unit.sectionIndex];
    if (!a || !section) continue;
    const laterIn = u.laterDefinitionIn === undefined ? undefined : (plan[u.laterDefinitionIn]?.heading ?? '');
    a.findings.push({
      finding: {
        rule: 'undefined-acronym',
        sectionKey: section.key,
        sentence: u.unit.text,
        message: undefinedAcronymMessage(u.acronym, laterIn),
        ...a.locate(u.offset),
      },
      anchor: u.unit.offsetAt(0),
      offset: u.offset,
      rank: RANK['undefined-acronym'],
    });
  }

  const reports: PlainEnglishSectionReport[] = plan.map((section, i) => {
    const a = analyses[i];
    const glossary = isGlossaryHeading(section.heading);
    if (!a)
      return {
        key: section.key,
        heading: section.heading,
        glossary,
        checked: false,
        metrics: EMPTY_METRICS,
        findings: [],
      };
    const findings = a.findings
      .sort((x, y) => x.anchor - y.anchor || x.offset - y.offset || x.rank - y.rank)
      .map((f) => f.finding);
    return {
      key: section.key,
      heading: section.heading,
      glossary,
      checked: true,
      metrics: summarise(a.sentences, findings),
      findings,
    };
  });
  const overall = summarise(
    analyses.flatMap((a) => a?.sentences ?? []),
    reports.flatMap((r) => r.findings),
  );
  return { overall, sections: reports, thresholds };
}
