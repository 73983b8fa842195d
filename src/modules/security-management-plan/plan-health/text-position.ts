/** Offsets ↔ 1-based line and column in a section's Markdown, the way editors and unist count them. */

export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** Offset at which each line starts (\n, \r\n and lone \r all end a line, as in micromark). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Index of the last element of a sorted array that is ≤ value, or -1. */
export function lastAtOrBefore<T>(sorted: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid]!) <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Converts offsets to line and column for one text; build once per section. */
export function locator(text: string): (offset: number) => LineColumn {
  const starts = lineStarts(text);
  return (offset) => {
    const i = Math.max(
      0,
      lastAtOrBefore(starts, offset, (s) => s),
    );
    return { line: i + 1, column: offset - starts[i]! + 1 };
  };
}
