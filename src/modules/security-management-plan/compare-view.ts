import type { BlockDiff } from './version-diff.ts';

/** What the comparison page prints for a section: runs of list items or table rows together, and gaps. */
export type CompareGroup =
  | { type: 'text'; block: BlockDiff }
  | { type: 'list'; items: (BlockDiff & { indent: string })[] }
  | { type: 'table'; rows: BlockDiff[] }
  | { type: 'gap'; count: number };

// An unchanged block this close to a change stays, so a reader sees where the change sits.
const CONTEXT = 1;
const INDENTS = ['', 'govuk-!-margin-left-6', 'govuk-!-margin-left-9'];

/**
 * A changed section's blocks as the page groups them: every change with one unchanged block either
 * side, longer unchanged runs reduced to a count ("4 unchanged paragraphs, items or rows"), list
 * items in one list (indented by depth) and table rows in one table.
 */
export function compareGroups(blocks: BlockDiff[]): CompareGroup[] {
  const near = blocks.map((_, i) =>
    blocks.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((b) => b.change !== 'same'),
  );
  const out: CompareGroup[] = [];
  blocks.forEach((block, i) => {
    const last = out.at(-1);
    if (!near[i]) {
      if (last?.type === 'gap') last.count += 1;
      else out.push({ type: 'gap', count: 1 });
    } else if (block.kind === 'item') {
      const item = { ...block, indent: INDENTS[Math.min(block.depth, INDENTS.length - 1)]! };
      if (last?.type === 'list') last.items.push(item);
      else out.push({ type: 'list', items: [item] });
    } else if (block.kind === 'row') {
      if (last?.type === 'table' && !block.header) last.rows.push(block);
      else out.push({ type: 'table', rows: [block] });
    } else out.push({ type: 'text', block });
  });
  return out;
}
