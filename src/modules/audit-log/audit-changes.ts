/**
 * What a change event says: the fields that differ between a record's described `before` and
 * `after` (the same keys), each side with only those fields, so the audit page can name them.
 */
export function changedFields<T extends Record<string, unknown>>(
  was: T,
  now: T,
): { changed: (keyof T)[]; before: Partial<T>; after: Partial<T> } {
  const changed = (Object.keys(now) as (keyof T)[]).filter((k) => was[k] !== now[k]);
  return {
    changed,
    before: Object.fromEntries(changed.map((k) => [k, was[k]])) as Partial<T>,
    after: Object.fromEntries(changed.map((k) => [k, now[k]])) as Partial<T>,
  };
}
