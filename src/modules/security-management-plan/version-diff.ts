import { diffWordsWithSpace } from 'diff';
import { contentWithOneLineEnding, type PlanContent } from './smp-content.ts';

export interface SectionDiff {
  key: string;
  heading: string;
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Word-level parts of the Markdown: unchanged text, text only in the later version (added), only in the earlier (removed). */
  parts: { kind: 'same' | 'added' | 'removed'; text: string }[];
}

const lines = (c: PlanContent) => ({
  roles: c.roles.map((r) => `${r.role}: ${r.userId}`),
  thirdParties: c.thirdParties.map((t) => `${t.name} (${t.access}): ${t.riskProcess}`),
});

/**
 * What changed between two versions, section by section, in reading order of the later version
 * (sections only in the earlier one follow). Word-level, so a reader sees the sentence that moved.
 */
export function diffVersions(
  earlier: PlanContent,
  later: PlanContent,
): {
  sections: SectionDiff[];
  roles: { added: string[]; removed: string[] };
  thirdParties: { added: string[]; removed: string[] };
} {
  // A version stored before line endings were normalised (CRLF) reads as the same text in LF.
  const [from, to] = [contentWithOneLineEnding(earlier), contentWithOneLineEnding(later)];
  const keys = [
    ...to.sections.map((s) => s.key),
    ...from.sections.map((s) => s.key).filter((k) => !to.sections.some((s) => s.key === k)),
  ];
  const sections = keys.map((key): SectionDiff => {
    const a = from.sections.find((s) => s.key === key);
    const b = to.sections.find((s) => s.key === key);
    const parts = diffWordsWithSpace(a?.markdown ?? '', b?.markdown ?? '').map((p) => ({
      kind: p.added ? ('added' as const) : p.removed ? ('removed' as const) : ('same' as const),
      text: p.value,
    }));
    const change = !a
      ? 'added'
      : !b
        ? 'removed'
        : a.markdown === b.markdown && a.heading === b.heading
          ? 'unchanged'
          : 'changed';
    return { key, heading: (b ?? a)!.heading, change, parts };
  });
  const [la, lb] = [lines(from), lines(to)];
  const delta = (x: string[], y: string[]) => ({
    added: y.filter((v) => !x.includes(v)),
    removed: x.filter((v) => !y.includes(v)),
  });
  return { sections, roles: delta(la.roles, lb.roles), thirdParties: delta(la.thirdParties, lb.thirdParties) };
}

/** One plain line per change, for a Variation's record and its notice. */
export function summariseDiff(d: ReturnType<typeof diffVersions>): string[] {
  const out = d.sections
    .filter((s) => s.change !== 'unchanged')
    .map(
      (s) => `“${s.heading}”: ${s.change === 'changed' ? 'changed' : s.change === 'added' ? 'new section' : 'removed'}`,
    );
  const count = (n: number, what: string, verb: string) => (n ? [`${n} ${what}${n === 1 ? '' : 's'} ${verb}`] : []);
  out.push(
    ...count(d.roles.added.length, 'named role', 'added'),
    ...count(d.roles.removed.length, 'named role', 'removed'),
  );
  out.push(
    ...count(d.thirdParties.added.length, 'third-party entry', 'added or changed'),
    ...count(d.thirdParties.removed.length, 'third-party entry', 'removed or changed'),
  );
  return out.length ? out : ['No change to the text: the same content is proposed again'];
}
