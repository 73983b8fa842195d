export { createDb, type DbHandle } from './database.ts';
export { type Migrations, type MigrationStatus } from './migrations.ts';
export { type UnitOfWork, type ModuleDb } from './unit-of-work.ts';
export * from './portable/index.ts';
