import { referencesIn } from './completeness.ts';
import type { RegisteredDocument } from './document-register.ts';
import type { PlanContent } from './smp-content.ts';

/** One reference a version makes under clause 4.2.1(g), with the register entry it resolves to (if any). */
export interface CitedDocument {
  /** The `[[doc: Title]]` title or the link's address, as the plan writes it. */
  reference: string;
  document?: RegisteredDocument;
}

/**
 * The register entries a version cites, in the order the plan first cites them, each once: a
 * `[[doc: Title]]` marker by title (case aside), a link by the location it points to. A reference
 * the register does not hold is kept without an entry, so an export shows it rather than hiding it
 * (completeness counts every link as a reference too).
 */
export function citedDocuments(content: PlanContent, register: RegisteredDocument[]): CitedDocument[] {
  const byTitle = new Map(register.map((d) => [d.title.trim().toLowerCase(), d]));
  const byLocation = new Map(register.map((d) => [d.location.trim(), d]));
  const out: CitedDocument[] = [];
  const seen = new Set<string>();
  for (const section of content.sections)
    for (const ref of referencesIn(section.markdown)) {
      const document = ref.kind === 'marker' ? byTitle.get(ref.value.toLowerCase()) : byLocation.get(ref.value);
      const key = document ? `doc:${document.id}` : `${ref.kind}:${ref.value.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ reference: ref.value, ...(document ? { document } : {}) });
    }
  return out;
}
