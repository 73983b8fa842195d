/**
 * Recognises a unique-constraint violation from either driver, so services can turn it into a
 * clear message instead of a 500. SQLite reports `SQLITE_CONSTRAINT_UNIQUE` with the columns in the
 * message; PostgreSQL reports SQLSTATE 23505 with the constraint name and a detail naming the columns.
 */
export function uniqueViolation(err: unknown): { columns: string[] } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: string; message?: string; detail?: string; constraint?: string };
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const m = /UNIQUE constraint failed: (.+)$/.exec(e.message ?? '');
    const columns = m?.[1]?.split(',').map((c) => c.trim().split('.').pop() ?? '') ?? [];
    return { columns };
  }
  if (e.code === '23505') {
    const m = /^Key \((.+?)\)=/.exec(e.detail ?? '');
    const columns = (m?.[1] ?? '').split(',').map((c) =>
      c
        .trim()
        .replace(/^lower\((.+)\)$/, '$1')
        .replace(/::text$/, ''),
    );
    return { columns };
  }
  return undefined;
}
