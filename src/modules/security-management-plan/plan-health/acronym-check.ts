/**
 * Undefined acronyms across the whole plan, in document order. An acronym is defined if, at or
 * before its first use, it is spelt out ("Long Name (ACR)" or "ACR (Long Name)"), or if the glossary
 * lists it — anywhere in the plan, since a glossary is a place readers look things up. A heading is
 * never a first use (a definition written in one still counts). One finding per acronym, at its
 * first use; a definition that comes later is mentioned in the finding rather than excusing it.
 */
import { findAcronyms, findDefinitions, leadingAcronym } from './acronyms.ts';

/** A run of text in document order: a prose sentence or a table cell. */
export interface TextUnit {
  readonly sectionIndex: number;
  /** What a reader sees, for the finding. */
  readonly text: string;
  /** The text with inline code blanked, same length as its source. */
  readonly scan: string;
  readonly offsetAt: (index: number) => number;
  readonly heading: boolean;
  /** First text of a block, list item or table row: where a glossary puts its term. */
  readonly blockStart: boolean;
  readonly glossary: boolean;
}

export interface UndefinedAcronym {
  readonly acronym: string;
  readonly unit: TextUnit;
  /** Offset in the section's Markdown of the first use. */
  readonly offset: number;
  /** Section index of the first definition after the first use, if there is one. */
  laterDefinitionIn?: number;
}

/** Acronyms the glossary sections list, as entries or spelt out in them. */
export function glossaryTerms(units: readonly TextUnit[]): Set<string> {
  const terms = new Set<string>();
  for (const unit of units) {
    if (!unit.glossary) continue;
    const lead = unit.blockStart ? leadingAcronym(unit.scan) : undefined;
    if (lead) terms.add(lead);
    for (const d of findDefinitions(unit.scan)) terms.add(d.key);
  }
  return terms;
}

/** Walks the plan's text once, in order; `units` must already be in document order. */
export function findUndefinedAcronyms(units: readonly TextUnit[], known: ReadonlySet<string>): UndefinedAcronym[] {
  const excused = new Set([...known, ...glossaryTerms(units)]);
  const defined = new Set<string>();
  const flagged = new Map<string, UndefinedAcronym>();
  for (const unit of units) {
    const definitions = findDefinitions(unit.scan);
    const defAt = new Map(definitions.map((d) => [d.index, d.key]));
    for (const hit of findAcronyms(unit.scan)) {
      const key = hit.key;
      if (defAt.get(hit.index) === key) {
        defined.add(key);
        const f = flagged.get(key);
        if (f && f.laterDefinitionIn === undefined) f.laterDefinitionIn = unit.sectionIndex;
        continue;
      }
      if (unit.heading || excused.has(key) || defined.has(key) || flagged.has(key)) continue;
      flagged.set(key, { acronym: key, unit, offset: unit.offsetAt(hit.index) });
    }
    // A definition whose token findAcronyms skipped (part of a shouted run) still defines.
    for (const d of definitions) if (!flagged.has(d.key)) defined.add(d.key);
  }
  return [...flagged.values()];
}
