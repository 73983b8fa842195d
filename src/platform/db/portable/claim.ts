import type { SelectQueryBuilder } from 'kysely';
import type { DialectName } from './dialect.ts';

/**
 * Marks a query for rows a worker is about to claim:
 *
 * - PostgreSQL: `FOR UPDATE SKIP LOCKED`, so workers in other processes pass over the rows another is
 *   claiming at that moment instead of waiting for them and then taking them too (a row committed as
 *   claimed in the meantime fails the re-checked condition);
 * - SQLite: unchanged. One writer at a time makes the UPDATE atomic on its own.
 *
 * Put it in a MATERIALIZED CTE (`with(cte => cte('c').materialized(), …)`) and UPDATE … WHERE id IN
 * (SELECT id FROM c) AND <the claim condition again> RETURNING, all in one statement. Not as a plain
 * `id in (…)` subquery: PostgreSQL may re-run that for each row, and since rows the statement has
 * already updated count as locked, every re-run skips them and yields more — far past the LIMIT.
 */
export function claimable<Q extends SelectQueryBuilder<any, any, any>>(dialect: DialectName, query: Q): Q {
  return (dialect === 'postgres' ? query.forUpdate().skipLocked() : query) as Q;
}
