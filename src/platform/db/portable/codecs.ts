/** A boolean column: 0 or 1 on both engines. */
export type Flag = 0 | 1;

/** Booleans are stored as 0/1 integers on both engines (better-sqlite3 cannot bind JS booleans). */
export const toFlag = (value: boolean): Flag => (value ? 1 : 0);
export const fromFlag = (value: unknown): boolean => value === 1 || value === true || value === '1';

/** JSON columns are text on both engines: one codec, no jsonb/json1 differences. */
export const toJson = (value: unknown): string => JSON.stringify(value ?? {});
export function fromJson<T = unknown>(text: string | null | undefined): T {
  return (text ? JSON.parse(text) : {}) as T;
}

/** PostgreSQL returns count(*) as a bigint string, SQLite as a number. */
export const toCount = (value: unknown): number => Number(value ?? 0);
