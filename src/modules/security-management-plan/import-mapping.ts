import { ValidationError } from '../../platform/kernel/index.ts';
import { contentFromSections, suggestSectionKey } from './section-mapping.ts';
import { MAX_SECTION_BYTES, REQUIRED_SECTIONS, type PlanContent } from './smp-content.ts';

/** Where an imported heading can go: a required section, an extra section, or nowhere. */
export const EXTRA = 'extra';
export const OMIT = 'omit';
const CHOICES = new Set<string>([...REQUIRED_SECTIONS.map((s) => s.key), EXTRA, OMIT]);
// planContentSchema's limit on sections, required ones included.
const MAX_SECTIONS = 60;

export interface ImportedHeading {
  heading: string;
  markdown: string;
}

/** The choices for one heading's select, with the suggested one (or "extra") selected. */
export function mappingItems(selected: string) {
  return [
    ...REQUIRED_SECTIONS.map((s) => ({
      value: s.key,
      text: `${s.clause.slice(-3)} ${s.heading}`,
      selected: s.key === selected,
    })),
    { value: EXTRA, text: 'Keep as an extra section', selected: selected === EXTRA },
    { value: OMIT, text: 'Leave it out', selected: selected === OMIT },
  ];
}

export const suggestedChoice = (heading: string): string => suggestSectionKey(heading) ?? EXTRA;

/** The first words of a section's text, without Markdown punctuation, for the mapping page. */
export function previewOf(markdown: string, words = 30): string {
  const plain = markdown
    .replace(/<[^>]*>/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#*_`>|~-]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  return plain.length > words ? `${plain.slice(0, words).join(' ')} …` : plain.join(' ');
}

/**
 * Plan content from the imported headings and the importer's choices (`map-0`, `map-1`, … in the
 * form). Headings mapped to the same required section are joined in document order, each later one
 * kept as a `##` sub-heading, so nothing the importer chose is lost. Throws ValidationError naming
 * the heading for an unknown choice, a section over 500 KB, or more sections than a plan may have.
 */
export function mappedContent(
  sections: ImportedHeading[],
  form: Record<string, unknown>,
): { content: Omit<PlanContent, 'roles' | 'thirdParties'>; joined: string[]; used: number } {
  const fields: Record<string, string> = {};
  type Entry = ImportedHeading & { key: string; index: number };
  const byKey = new Map<string, Entry>();
  const ordered: Entry[] = [];
  const joined: string[] = [];
  let used = 0;
  sections.forEach((s, i) => {
    const choice = form[`map-${i}`];
    if (typeof choice !== 'string' || !CHOICES.has(choice)) {
      fields[`map-${i}`] = `Select where “${s.heading}” goes`;
      return;
    }
    if (choice === OMIT) return;
    used++;
    const earlier = choice === EXTRA ? undefined : byKey.get(choice);
    if (earlier) {
      earlier.markdown = [earlier.markdown, `## ${s.heading}`, s.markdown].filter(Boolean).join('\n\n');
      if (!joined.includes(earlier.heading)) joined.push(earlier.heading);
      return;
    }
    const entry = { ...s, key: choice, index: i };
    if (choice !== EXTRA) byKey.set(choice, entry);
    ordered.push(entry);
  });
  for (const s of ordered) {
    if (Buffer.byteLength(s.markdown) > MAX_SECTION_BYTES)
      fields[`map-${s.index}`] ??=
        `“${s.heading}” is larger than 500 KB${joined.includes(s.heading) ? ' once the headings mapped to it are joined' : ''}: split it or leave part of it out`;
  }
  const extras = ordered.filter((s) => s.key === EXTRA).length;
  if (!Object.keys(fields).length && REQUIRED_SECTIONS.length + extras > MAX_SECTIONS) {
    fields['map-0'] =
      `A plan can have at most ${MAX_SECTIONS - REQUIRED_SECTIONS.length} extra sections, and ${extras} headings are kept as extra sections: map more of them to the required sections or leave some out`;
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
  const { sections: content } = contentFromSections(
    ordered.map((s) => ({ heading: s.heading, markdown: s.markdown, key: s.key })),
  );
  return { content: { sections: content }, joined, used };
}

/**
 * What "Create the draft" will do with the importer's choices, for the check-your-answers page:
 * the headings going to each required section (in document order), those kept as extra sections
 * and those left out. Call after mappedContent has accepted the choices.
 */
export function mappingSummary(sections: ImportedHeading[], form: Record<string, unknown>) {
  const headingsFor = (choice: string) => sections.filter((_, i) => form[`map-${i}`] === choice).map((s) => s.heading);
  return {
    required: REQUIRED_SECTIONS.map((r) => ({ clause: r.clause, heading: r.heading, from: headingsFor(r.key) })),
    extra: headingsFor(EXTRA),
    omitted: headingsFor(OMIT),
  };
}
