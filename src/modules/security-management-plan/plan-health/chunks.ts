/**
 * Splits a big mdast tree into small roots for remark-retext. mdast-util-to-nlcst gathers each
 * node's tokens with `push(...tokens)`, so one block of ~100,000 tokens (a 500 KB paragraph, or a
 * long bulleted list) overflows the call stack. Converting the document a few thousand tokens at a
 * time avoids that; each chunk keeps its positions, so offsets, lines and messages stay true. Small
 * sections (nearly all of them) are converted whole, exactly as before.
 */
import type { Nodes, Parent, Root, RootContent, Text } from 'mdast';
import type { LineColumn } from './text-position.ts';

/** Characters of Markdown per conversion: far below the overflow, big enough to cost nothing. */
export const CHUNK_CHARS = 16_000;

const sizeOf = (n: Nodes) => (n.position?.end.offset ?? 0) - (n.position?.start.offset ?? 0);

/** Cuts a long text node at sentence ends (or, failing that, spaces) into pieces of ≤ CHUNK_CHARS. */
function splitText(node: Text, locate: (offset: number) => LineColumn): Text[] {
  const base = node.position!.start.offset!;
  const pieces: Text[] = [];
  for (let from = 0; from < node.value.length;) {
    let to = Math.min(node.value.length, from + CHUNK_CHARS);
    if (to < node.value.length) {
      const window = node.value.slice(from, to);
      const cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! '));
      const space = window.lastIndexOf(' ');
      to = from + (cut > CHUNK_CHARS / 2 ? cut + 2 : space > 0 ? space + 1 : window.length);
    }
    const start = { ...locate(base + from), offset: base + from };
    const end = { ...locate(base + to), offset: base + to };
    pieces.push({ type: 'text', value: node.value.slice(from, to), position: { start, end } });
    from = to;
  }
  return pieces;
}

/** Small nodes in document order covering the tree; iterative, as nesting may be deep. */
function smallNodes(root: Root, locate: (offset: number) => LineColumn): Nodes[] {
  const out: Nodes[] = [];
  const stack: Array<{ node: Parent; next: number }> = [{ node: root, next: 0 }];
  while (stack.length) {
    const frame = stack.at(-1)!;
    const child = frame.node.children[frame.next++] as Nodes | undefined;
    if (!child) {
      stack.pop();
      continue;
    }
    if (!child.position) continue;
    if (sizeOf(child) <= CHUNK_CHARS) out.push(child);
    else if ('children' in child && child.children.length) stack.push({ node: child, next: 0 });
    else if (child.type === 'text' && child.position.start.offset !== undefined) out.push(...splitText(child, locate));
    else out.push(child);
  }
  return out;
}

/** Roots of at most about CHUNK_CHARS of Markdown each, in document order. */
export function chunkRoots(root: Root, locate: (offset: number) => LineColumn): Root[] {
  if (sizeOf(root) <= CHUNK_CHARS) return [root];
  const roots: Root[] = [];
  let group: Nodes[] = [];
  let size = 0;
  const flush = () => {
    if (!group.length) return;
    const position = { start: group[0]!.position!.start, end: group.at(-1)!.position!.end };
    // Inline nodes are not RootContent in the types, but mdast-util-to-nlcst converts any node.
    roots.push({ type: 'root', children: group as RootContent[], position });
    group = [];
    size = 0;
  };
  for (const node of smallNodes(root, locate)) {
    if (size + sizeOf(node) > CHUNK_CHARS) flush();
    group.push(node);
    size += sizeOf(node);
  }
  flush();
  return roots;
}
