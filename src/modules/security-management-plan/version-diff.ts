import { diffArrays } from 'diff';
import { comparable, readableBlocks, tokens, type ReadableBlock } from './readable-text.ts';
import { contentWithOneLineEnding, type PlanContent } from './smp-content.ts';

/** Stretches of text: in both versions (same), only in the later (added), only in the earlier (removed). */
export type WordPart = { kind: 'same' | 'added' | 'removed'; text: string };

/** One block a reader sees, and what happened to it; a table row's change is per cell. */
export interface BlockDiff extends Omit<ReadableBlock, 'cells'> {
  change: 'same' | 'added' | 'removed' | 'changed';
  cells: { change: BlockDiff['change']; parts: WordPart[] }[];
}

export interface SectionDiff {
  key: string;
  heading: string;
  /** The section's heading, word by word, when it was renamed. */
  headingParts: WordPart[];
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  blocks: BlockDiff[];
}

/** One entry of the roles or third-party lists, compared by its name. */
export interface ItemDiff {
  name: string;
  change: 'added' | 'removed' | 'changed';
  parts: WordPart[];
}

const same = (a: string, b: string) => comparable(a) === comparable(b);

/** Word by word, ignoring the differences `comparable` ignores; unchanged words as the later version writes them. */
export function diffWords(earlier: string, later: string): WordPart[] {
  const parts: WordPart[] = [];
  for (const c of diffArrays(tokens(earlier), tokens(later), { comparator: same })) {
    const kind = c.added ? 'added' : c.removed ? 'removed' : 'same';
    const text = c.value.join('');
    if (parts.at(-1)?.kind === kind) parts.at(-1)!.text += text;
    else parts.push({ kind, text });
  }
  return parts;
}

const whole = (change: 'added' | 'removed', b: ReadableBlock): BlockDiff => ({
  ...b,
  change,
  cells: b.cells.map((text) => ({ change, parts: [{ kind: change, text }] })),
});

function changed(a: ReadableBlock, b: ReadableBlock): BlockDiff {
  const cells = Array.from({ length: Math.max(a.cells.length, b.cells.length) }, (_, i) => {
    const [x, y] = [a.cells[i], b.cells[i]];
    if (x === undefined) return { change: 'added' as const, parts: [{ kind: 'added' as const, text: y! }] };
    if (y === undefined) return { change: 'removed' as const, parts: [{ kind: 'removed' as const, text: x }] };
    return same(x, y)
      ? { change: 'same' as const, parts: [{ kind: 'same' as const, text: y }] }
      : { change: 'changed' as const, parts: diffWords(x, y) };
  });
  return { ...b, change: 'changed', cells };
}

const key = (b: ReadableBlock) => `${b.kind}${b.header ? ':h' : ''}\u0000${b.cells.map(comparable).join('\u0000')}`;

/**
 * The blocks of two texts compared as a reader sees them: equal blocks match whatever Markdown made
 * them; a run of removed blocks next to a run of added ones pairs up, kind with kind, as changed
 * blocks compared word by word (and a table row cell by cell).
 */
export function diffBlocks(earlier: string, later: string): BlockDiff[] {
  const out: BlockDiff[] = [];
  let removed: ReadableBlock[] = [];
  const changes = diffArrays(readableBlocks(earlier), readableBlocks(later), {
    comparator: (x, y) => key(x) === key(y),
  });
  for (const c of changes) {
    if (c.removed) removed = c.value;
    else if (c.added) {
      for (const b of c.value) {
        const i = removed.findIndex((r) => r.kind === b.kind && Boolean(r.header) === Boolean(b.header));
        if (i < 0) {
          out.push(whole('added', b));
          continue;
        }
        out.push(...removed.slice(0, i).map((r) => whole('removed', r)), changed(removed[i]!, b));
        removed = removed.slice(i + 1);
      }
      out.push(...removed.map((r) => whole('removed', r)));
      removed = [];
    } else {
      out.push(...removed.map((r) => whole('removed', r)));
      removed = [];
      out.push(...c.value.map((b) => ({ ...b, change: 'same' as const, cells: b.cells.map(sameCell) })));
    }
  }
  out.push(...removed.map((r) => whole('removed', r)));
  return out;
}
const sameCell = (text: string) => ({ change: 'same' as const, parts: [{ kind: 'same' as const, text }] });

/**
 * Entries by name: one only in the later list is added, only in the earlier removed, in both with
 * other text changed. Each earlier entry pairs once (a role can be held by several people), an
 * identical one first.
 */
function diffItems(earlier: [string, string][], later: [string, string][]): ItemDiff[] {
  const unpaired = [...earlier];
  const take = (test: (x: [string, string]) => boolean) => {
    const i = unpaired.findIndex(test);
    return i < 0 ? undefined : unpaired.splice(i, 1)[0];
  };
  const exact = later.map(([name, text]) => take(([n, t]) => same(n, name) && same(t, text)));
  const out = later.flatMap(([name, text], i): ItemDiff[] => {
    if (exact[i]) return [];
    const before = take(([n]) => same(n, name));
    return before
      ? [{ name, change: 'changed', parts: diffWords(before[1], text) }]
      : [{ name, change: 'added', parts: [{ kind: 'added', text }] }];
  });
  return [
    ...out,
    ...unpaired.map(([name, text]): ItemDiff => ({ name, change: 'removed', parts: [{ kind: 'removed', text }] })),
  ];
}

export type VersionDiff = ReturnType<typeof diffVersions>;

/**
 * What changed between two versions as a person reads them, section by section in reading order of
 * the later version (sections only in the earlier one follow): block by block, then word by word.
 * `roleHolder` names a role's holder (the content keeps their user id).
 */
export function diffVersions(
  earlier: PlanContent,
  later: PlanContent,
  roleHolder: (userId: string) => string = (id) => id,
): { sections: SectionDiff[]; roles: ItemDiff[]; thirdParties: ItemDiff[] } {
  // A version stored before line endings were normalised (CRLF) reads as the same text in LF.
  const [from, to] = [contentWithOneLineEnding(earlier), contentWithOneLineEnding(later)];
  const keys = [
    ...to.sections.map((s) => s.key),
    ...from.sections.map((s) => s.key).filter((k) => !to.sections.some((s) => s.key === k)),
  ];
  const sections = keys.map((key): SectionDiff => {
    const a = from.sections.find((s) => s.key === key);
    const b = to.sections.find((s) => s.key === key);
    const blocks = diffBlocks(a?.markdown ?? '', b?.markdown ?? '');
    const renamed = a && b && !same(a.heading, b.heading);
    const change = !a
      ? 'added'
      : !b
        ? 'removed'
        : !renamed && blocks.every((x) => x.change === 'same')
          ? 'unchanged'
          : 'changed';
    const heading = (b ?? a)!.heading;
    return { key, heading, headingParts: renamed ? diffWords(a.heading, b.heading) : [], change, blocks };
  });
  const roles = (c: PlanContent) => c.roles.map((r): [string, string] => [r.role, roleHolder(r.userId)]);
  const thirdParties = (c: PlanContent) =>
    c.thirdParties.map((t): [string, string] => [
      t.name,
      `Access: ${t.access || 'not described'}. Risk process: ${t.riskProcess || 'not described'}`,
    ]);
  return {
    sections,
    roles: diffItems(roles(from), roles(to)),
    thirdParties: diffItems(thirdParties(from), thirdParties(to)),
  };
}

/** One plain line per change, for a Variation's record and its notice. */
export function summariseDiff(d: VersionDiff): string[] {
  const out = d.sections
    .filter((s) => s.change !== 'unchanged')
    .map(
      (s) => `“${s.heading}”: ${s.change === 'changed' ? 'changed' : s.change === 'added' ? 'new section' : 'removed'}`,
    );
  const count = (xs: ItemDiff[], what: string) =>
    (['added', 'changed', 'removed'] as const).flatMap((change) => {
      const n = xs.filter((x) => x.change === change).length;
      return n ? [`${n} ${what}${n === 1 ? '' : 's'} ${change}`] : [];
    });
  out.push(...count(d.roles, 'named role'), ...count(d.thirdParties, 'third-party entry'));
  return out.length ? out : ['No change to the text: the same content is proposed again'];
}
