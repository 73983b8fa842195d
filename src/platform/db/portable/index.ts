export { dialectOf, isInMemory, type DialectName } from './dialect.ts';
export { uniqueViolation } from './errors.ts';
export { toFlag, fromFlag, toJson, fromJson, toCount, type Flag } from './codecs.ts';
export { bytewise, containsText, startsWith } from './search.ts';
export { makeAppendOnly, dropAppendOnly, isPostgres } from './append-only.ts';
export { claimable } from './claim.ts';
export { bulkInsert } from './bulk-insert.ts';
export { selectRaw } from './raw-select.ts';
export type { RawRows } from './raw-rows.ts';
