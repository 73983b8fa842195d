import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './database.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Finds every migration in `platform/<part>/migrations/` and `modules/<name>/migrations/`. Names are
 * timestamp-prefixed and globally unique, so the migrator's name order is the order they were written.
 */
class ModuleMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const found: Record<string, Migration> = {};
    for (const root of ['platform', 'modules']) {
      const base = path.join(SRC, root);
      for (const part of fs.readdirSync(base)) {
        const dir = path.join(base, part, 'migrations');
        if (!fs.existsSync(dir)) continue;
        for (const file of fs.readdirSync(dir).filter((f) => /^\d{8}T\d{4}-[a-z0-9-]+\.ts$/.test(f))) {
          const name = file.replace(/\.ts$/, '');
          if (found[name]) throw new Error(`Two migrations are named ${name}`);
          found[name] = (await import(pathToFileURL(path.join(dir, file)).href)) as Migration;
        }
      }
    }
    return found;
  }
}

export interface MigrationStatus {
  name: string;
  executedAt: Date | undefined;
}

export function createMigrator(db: Db): Migrator {
  return new Migrator({ db, provider: new ModuleMigrationProvider() });
}

/** Applies all pending migrations; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const result = await createMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return result;
}

/** Every known migration, applied or pending, in order. */
export async function migrationStatus(db: Db): Promise<MigrationStatus[]> {
  const all = await createMigrator(db).getMigrations();
  return all.map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
