import { entryLookup, whyNotCitable, type HoldingFacts } from './document-holding.ts';
import { REQUIRED_SECTIONS, type PlanContent } from './smp-content.ts';

/** One reason a version cannot be submitted (clause 4.2.1 a–f, and references under (g)). */
export interface CompletenessError {
  clause: string;
  /** Which check failed: the draft's task list tells "not written enough yet" from "written, with a problem". */
  rule: 'missing' | 'empty' | 'placeholder' | 'too-short' | 'named-roles' | 'risk-process' | 'reference';
  sectionKey?: string;
  message: string;
}

/**
 * The fewest words of prose a section needs: one sentence that says who does what, such as "The
 * security manager reviews access rights every month" (8 words). Fewer is a heading or a list of
 * names, which a reviewer would send back; more is a matter of judgement for the Client (4.3.3).
 */
export const MIN_SECTION_WORDS = 8;
/**
 * What a reviewer reads as "not written yet": TBC/TBD/TBA, TODO/FIXME, "[insert …]", "insert … here",
 * lorem ipsum, XXX, and "to be confirmed" (decided, agreed…) left standing where an answer belongs
 * (at the end of a line or in brackets) — not "is to be confirmed by the manager", nor the word
 * "placeholder" in a sentence such as "We never leave placeholder accounts active".
 */
const PLACEHOLDERS: RegExp[] = [
  /\b(tbc|tbd|tba)\b/i,
  /\b(TODO|FIXME)\b/,
  /\blorem ipsum\b/i,
  /\bx{3,}\b/i,
  /[[<{]\s*insert\b/i,
  /\binsert\b[^.\n]{0,60}\bhere\b/i,
  /\bto be (confirmed|completed|added|written|decided|agreed|determined|provided)\b(?=\s*[.!]?\s*$|\s*[)\]])/im,
];
/** Whether Markdown still has text a reviewer would read as a placeholder. */
export const hasPlaceholder = (markdown: string) => PLACEHOLDERS.some((p) => p.test(markdown));
const DOC_MARKER = /\[\[doc:\s*([^\]]{1,200})\]\]/gi;
const LINK = /\[[^\]]*\]\(([^)\s]+)[^)]*\)|<(https?:\/\/[^>\s]+)>|\b(https?:\/\/[^\s)<>\]]+)/g;

/** The words of Markdown as prose: headings, markup and link targets do not count towards "substantive". */
export function proseWords(markdown: string): number {
  const text = markdown
    .replace(/^#{1,6}\s.*$/gm, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`|~-]/g, ' ');
  return text.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w)).length;
}

/** Every `[[doc: Title]]` marker and every link in a section's Markdown. */
export function referencesIn(markdown: string): { kind: 'marker' | 'link'; value: string }[] {
  const out: { kind: 'marker' | 'link'; value: string }[] = [];
  for (const m of markdown.matchAll(DOC_MARKER)) out.push({ kind: 'marker', value: m[1]!.trim() });
  for (const m of markdown.replace(DOC_MARKER, ' ').matchAll(LINK)) {
    const target = (m[1] ?? m[2] ?? m[3])!;
    if (!target.startsWith('#')) out.push({ kind: 'link', value: target });
  }
  return out;
}

/**
 * Completeness against clause 4.2.1: each required section present and substantive (not empty, not
 * only a heading or placeholder text), roles named, a risk process for each listed third party, and
 * every reference resolving to a register entry that both parties hold or whose location is a web
 * address (4.2.1(g)). `register` undefined checks references for form only, and `namedRoles: false`
 * skips the list of named people (the CLI, checking a file outside any contract).
 */
export function checkCompleteness(
  content: PlanContent,
  register?: (HoldingFacts & { title: string })[],
  opts: { namedRoles?: boolean } = {},
): CompletenessError[] {
  const errors: CompletenessError[] = [];
  for (const required of REQUIRED_SECTIONS) {
    const section = content.sections.find((s) => s.key === required.key);
    const label = `Section ${required.clause.slice(-3)} (${required.heading.toLowerCase()})`;
    if (!section)
      errors.push({
        clause: required.clause,
        rule: 'missing',
        sectionKey: required.key,
        message: `${label} is missing`,
      });
    else if (!section.markdown.trim())
      errors.push({ clause: required.clause, rule: 'empty', sectionKey: required.key, message: `${label} is empty` });
    else if (hasPlaceholder(section.markdown))
      errors.push({
        clause: required.clause,
        rule: 'placeholder',
        sectionKey: required.key,
        message: `${label} still has placeholder text such as “TBC” or “to be confirmed”`,
      });
    else {
      const words = proseWords(section.markdown);
      if (words < MIN_SECTION_WORDS)
        errors.push({
          clause: required.clause,
          rule: 'too-short',
          sectionKey: required.key,
          message:
            words === 0
              ? `${label} has headings but no text`
              : `${label} has only ${words} ${words === 1 ? 'word' : 'words'}: write at least one sentence (${MIN_SECTION_WORDS} words or more) on what the Agency does`,
        });
    }
  }
  // A file checked outside Custodian names its roles in prose: only a plan in Custodian has the list of people.
  if (opts.namedRoles !== false && content.roles.length === 0)
    errors.push({
      clause: '4.2.1(b)',
      rule: 'named-roles',
      sectionKey: 'roles',
      message: 'Name at least one person for a delegated role',
    });
  for (const [i, t] of content.thirdParties.entries()) {
    if (!t.riskProcess.trim())
      errors.push({
        clause: '4.2.1(c)',
        rule: 'risk-process',
        sectionKey: 'third-parties',
        message: `Describe the risk process for ${t.name || `third party ${i + 1}`}`,
      });
  }
  const entryFor = entryLookup(register ?? []);
  for (const section of content.sections) {
    // One error per document referred to in a section, however often the section repeats the reference.
    const seen = new Set<string>();
    for (const ref of referencesIn(section.markdown)) {
      if (seen.has(`${ref.kind}:${ref.value}`)) continue;
      seen.add(`${ref.kind}:${ref.value}`);
      const finding = (message: string) =>
        errors.push({ clause: '4.2.1(g)', rule: 'reference', sectionKey: section.key, message });
      const quoted = `“${section.heading}” refers to “${ref.value.slice(0, 80)}”`;
      if (ref.kind === 'link' && !/^(https?:|mailto:)/i.test(ref.value)) {
        finding(`“${section.heading}” links to “${ref.value.slice(0, 80)}”, which is not a web address`);
        continue;
      }
      if (!register) continue;
      const entry = entryFor(ref);
      const why = entry && whyNotCitable(entry);
      if (!entry) finding(`${quoted}, which is not in the register of documents the parties hold`);
      else if (why) finding(`${quoted}, but ${why} (clause 4.2.1(g))`);
    }
  }
  return errors;
}

/**
 * The references a check outside Custodian cannot resolve, each once, as the plan writes them: every
 * `[[doc: Title]]` and every web link, since only Custodian holds the register they must match.
 */
export function uncheckedReferences(content: PlanContent): string[] {
  const out = new Set<string>();
  for (const section of content.sections)
    for (const ref of referencesIn(section.markdown))
      if (ref.kind === 'marker') out.add(`[[doc: ${ref.value}]]`);
      else if (/^(https?:|mailto:)/i.test(ref.value)) out.add(ref.value);
  return [...out];
}
