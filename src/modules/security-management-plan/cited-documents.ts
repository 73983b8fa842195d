import { referencesIn } from './completeness.ts';
import { entryLookup } from './document-holding.ts';
import type { PinnedDocument, PlanContent } from './smp-content.ts';

/** One reference a version makes under clause 4.2.1(g), with the register entry it resolves to (if any). */
export interface CitedDocument {
  /** The `[[doc: Title]]` title or the link's address, as the plan writes it. */
  reference: string;
  document?: PinnedDocument;
}

/**
 * The register entries a version cites, in the order the plan first cites them, each once: a
 * `[[doc: Title]]` marker by title (case aside), a link by the location it points to. A reference
 * the register does not hold is kept without an entry, so an export shows it rather than hiding it
 * (completeness counts every link as a reference too). `register` is the version's pinned entries
 * once it is submitted, the live register for a draft.
 */
export function citedDocuments(content: PlanContent, register: readonly PinnedDocument[]): CitedDocument[] {
  const entryFor = entryLookup(register);
  const out: CitedDocument[] = [];
  const seen = new Set<string>();
  for (const section of content.sections)
    for (const ref of referencesIn(section.markdown)) {
      const document = entryFor(ref);
      const key = document ? `doc:${document.id}` : `${ref.kind}:${ref.value.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ reference: ref.value, ...(document ? { document } : {}) });
    }
  return out;
}

/** The entries a version pins at submission: each cited entry's facts as they stand, nothing else of the register. */
export const pinnedDocuments = (content: PlanContent, register: readonly PinnedDocument[]): PinnedDocument[] =>
  citedDocuments(content, register).flatMap(({ document: d }) =>
    d
      ? [
          {
            id: d.id,
            title: d.title,
            version: d.version,
            owner: d.owner,
            location: d.location,
            bothPartiesHold: d.bothPartiesHold,
            clientHolds: d.clientHolds,
          },
        ]
      : [],
  );
