export { createDb, type Db, type Trx, type Executor, type DbHandle } from './database.ts';
export { migrateToLatest, migrationStatus, type MigrationStatus } from './migrations.ts';
export type * from './schema.ts';
export * from './portable/index.ts';
