import { badRequest } from './scim-errors.ts';
import { parseScimFilter } from './scim-filter.ts';
import type { ScimUserQuery } from './scim-store.ts';

function single(query: Record<string, unknown>, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest('invalidValue', `Give "${name}" once`);
  return v;
}

function integer(query: Record<string, unknown>, name: string): number | undefined {
  const v = single(query, name);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d{1,9}$/.test(v.trim())) throw badRequest('invalidValue', `"${name}" must be a whole number`);
  return Number(v);
}

/**
 * The query of GET /Users: `filter`, and RFC 7644 §3.4.2.4 pagination — `startIndex` below 1 is read
 * as 1, a negative `count` as 0, and `count` is capped at `maxResults` (ServiceProviderConfig says so).
 */
export function parseUserQuery(query: unknown, maxResults: number): ScimUserQuery {
  const q = (query ?? {}) as Record<string, unknown>;
  const filter = single(q, 'filter');
  const startIndex = Math.max(1, integer(q, 'startIndex') ?? 1);
  const count = Math.min(maxResults, Math.max(0, integer(q, 'count') ?? maxResults));
  return { ...(filter?.trim() ? { filter: parseScimFilter(filter) } : {}), startIndex, count };
}
