import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';

/**
 * Reads the migrations in the given folders (each module's `migrations/`, listed by the composition
 * root). Names are timestamp-prefixed and unique across folders, so the migrator's name order is the
 * order they were written.
 */
class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folders: readonly string[]) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const found: Record<string, Migration> = {};
    for (const dir of this.folders) {
      if (!fs.existsSync(dir)) continue;
      for (const file of fs.readdirSync(dir).filter((f) => /^\d{8}T\d{4}-[a-z0-9-]+\.ts$/.test(f))) {
        const name = file.replace(/\.ts$/, '');
        if (found[name]) throw new Error(`Two migrations are named ${name}`);
        found[name] = (await import(pathToFileURL(path.join(dir, file)).href)) as Migration;
      }
    }
    return found;
  }
}

export interface MigrationStatus {
  name: string;
  executedAt: Date | undefined;
}

/** The migrations of one database: every folder's, applied in name order. */
export interface Migrations {
  /** Kysely's migrator over them (tests step it up and down). */
  migrator(): Migrator;
  /** Applies all pending migrations; throws with the failing migration's name on error. */
  toLatest(): Promise<MigrationResultSet>;
  /** Every known migration, applied or pending, in order. */
  status(): Promise<MigrationStatus[]>;
  /** The names of migrations not yet applied. */
  pending(): Promise<string[]>;
}

export function createMigrations(db: Kysely<any>, folders: readonly string[]): Migrations {
  const migrator = () => new Migrator({ db, provider: new FolderMigrationProvider(folders) });
  const status = async () =>
    (await migrator().getMigrations()).map((m) => ({ name: m.name, executedAt: m.executedAt }));
  return {
    migrator,
    async toLatest() {
      const result = await migrator().migrateToLatest();
      if (result.error) {
        const failed = result.results?.find((r) => r.status === 'Error');
        const reason = result.error instanceof Error ? result.error.message : String(result.error);
        throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
      }
      return result;
    },
    status,
    pending: async () => (await status()).filter((m) => !m.executedAt).map((m) => m.name),
  };
}
