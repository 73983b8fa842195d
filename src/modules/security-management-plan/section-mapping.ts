import { REQUIRED_SECTIONS, type PlanContent, type RequiredSectionKey } from './smp-content.ts';

// Words in a heading that say which part of clause 4.2.1 it answers. First match wins, in this order,
// so "Roles for managing third parties" is about third parties, not roles.
const CUES: [RequiredSectionKey, RegExp][] = [
  ['third-parties', /third[- ]part|sub-?contractor|supplier|supply chain/i],
  ['transition', /transition/i],
  ['roles', /\broles?\b|responsib|organisation/i],
  ['scope', /scope|what (we|the plan) protect/i],
  ['measures', /measures|procedures|controls/i],
  ['principles', /principle/i],
];

/** The required section a heading most likely answers, or undefined for an extra section. */
export function suggestSectionKey(heading: string): RequiredSectionKey | undefined {
  return CUES.find(([, cue]) => cue.test(heading))?.[0];
}

/**
 * Plan content from headed sections (an imported document, or a Markdown file split at its top
 * headings): each maps to the first required section it matches and is not yet taken; the rest
 * become extra sections, in order. Required sections nothing matched stay empty, for completeness to flag.
 */
export function contentFromSections(sections: { heading: string; markdown: string; key?: string }[]): PlanContent {
  const content: PlanContent = {
    sections: REQUIRED_SECTIONS.map((s) => ({ key: s.key, heading: s.heading, markdown: '' })),
    roles: [],
    thirdParties: [],
  };
  let extra = 0;
  for (const s of sections) {
    const key = s.key ?? suggestSectionKey(s.heading);
    const target = key ? content.sections.find((x) => x.key === key) : undefined;
    if (target && !target.markdown) {
      target.markdown = s.markdown;
      target.heading = s.heading || target.heading;
    } else {
      content.sections.push({
        key: `extra-${++extra}`,
        heading: s.heading || `Section ${extra}`,
        markdown: s.markdown,
      });
    }
  }
  return content;
}

/**
 * Markdown split at its top-level headings (the shallowest level used), each sub-heading kept inside
 * its section. A lone first heading at the shallowest level is the document's title, as in most
 * policies ("# Access Control Policy", then "## Scope"…): the split is then at the next level.
 */
export function splitMarkdown(markdown: string): { heading: string; markdown: string }[] {
  const levels = [...markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').matchAll(/^(#{1,6})\s+\S/gm)].map(
    (m) => m[1]!.length,
  );
  if (levels.length === 0) return [{ heading: 'Untitled', markdown }];
  let top = Math.min(...levels);
  const deeper = levels.filter((l) => l > top);
  const titled = levels[0] === top && levels.filter((l) => l === top).length === 1 && deeper.length > 0;
  const title = new RegExp(`^#{${top}}\\s+`);
  if (titled) top = Math.min(...deeper);
  const out: { heading: string; markdown: string }[] = [];
  let current: { heading: string; lines: string[] } | undefined;
  let inFence = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^(```|~~~)/.test(line)) inFence = !inFence;
    if (titled && !inFence && title.test(line)) continue;
    const m = inFence ? null : new RegExp(`^#{${top}}\\s+(.*)$`).exec(line);
    if (m) {
      if (current) out.push({ heading: current.heading, markdown: current.lines.join('\n').trim() });
      current = { heading: m[1]!.replace(/#+\s*$/, '').trim(), lines: [] };
    } else if (current) current.lines.push(line);
    else if (line.trim()) current = { heading: 'Introduction', lines: [line] };
  }
  if (current) out.push({ heading: current.heading, markdown: current.lines.join('\n').trim() });
  return out;
}
