export { dialectOf, isInMemory, type DialectName } from './dialect.ts';
export { uniqueViolation } from './errors.ts';
export { toFlag, fromFlag, toJson, fromJson, toCount } from './codecs.ts';
export { openDialect } from './open.ts';
export { containsText } from './search.ts';
export { makeAppendOnly, dropAppendOnly, isPostgres } from './append-only.ts';
export { claimable } from './claim.ts';
export { sqliteStatements, type SqliteStatements } from './sqlite-statements.ts';
export { bulkInsert } from './bulk-insert.ts';
