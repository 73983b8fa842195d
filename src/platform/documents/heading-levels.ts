/**
 * The levels imported headings take under a heading of level `base` (a section's h2 on a page, its
 * Heading 1 in Word), in document order. The text's highest heading becomes `base + 1` and the rest
 * keep their distance from it, so `#`/`##` and `##`/`###` both read as h3/h4; a heading never goes
 * more than one level below the one before it (a page or PDF/UA reader must not meet a skipped
 * level), and none goes below h6.
 */
export function shiftedHeadingLevels(levels: readonly number[], base: number): number[] {
  if (levels.length === 0) return [];
  const top = Math.min(...levels);
  let last = base;
  return levels.map((level) => {
    last = Math.min(level - top + base + 1, last + 1, 6);
    return last;
  });
}
