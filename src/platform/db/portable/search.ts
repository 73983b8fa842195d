import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from './dialect.ts';

/**
 * Case-insensitive "contains" that behaves the same on both engines: lower() on both sides and an
 * explicit escape character, so a user typing % or _ searches for those characters literally.
 */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/**
 * Exact, case-sensitive "starts with" on both engines. Not LIKE: SQLite's LIKE ignores ASCII case and
 * would need escaping; substr compares the bytes as they are.
 */
export function startsWith(column: string, prefix: string): RawBuilder<boolean> {
  return sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;
}

/**
 * Orders text by its bytes on both engines, whatever the PostgreSQL database's collation (SQLite
 * compares bytes already): for `<` and `>` that must agree with a comparison made in JavaScript.
 */
export function bytewise(dialect: DialectName, expression: RawBuilder<unknown>): RawBuilder<unknown> {
  return dialect === 'postgres' ? sql`${expression} collate "C"` : expression;
}
