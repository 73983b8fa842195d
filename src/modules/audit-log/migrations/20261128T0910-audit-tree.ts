import type { Kysely } from 'kysely';
import { dropAppendOnly, makeAppendOnly } from '../../../platform/db/portable/index.ts';

// The tree beside the events: one head row (the next index, how far tiles reach, the purge switch),
// C2SP tlog tiles of hashes (kept for ever, so proofs survive a purge) and signed checkpoints. The
// database itself refuses to rewrite any of it; only the purge may delete event content.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_tree_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('tiled_size', 'bigint', (c) => c.notNull())
    .addColumn('purged_below', 'bigint', (c) => c.notNull())
    .addColumn('purging', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('audit_tree_head')
    .values({ id: 1, size: 0, tiled_size: 0, purged_below: 0, purging: 0 })
    .execute();

  await db.schema
    .createTable('audit_tiles')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('hashes', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_tiles_pk', ['level', 'idx'])
    .execute();

  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('size', 'bigint', (c) => c.primaryKey())
    .addColumn('root_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute();

  await makeAppendOnly(db, 'audit_events', { deleteUnless: '(SELECT purging FROM audit_tree_head WHERE id = 1) = 1' });
  // A partial tile may only grow: the hashes it already holds never change.
  await makeAppendOnly(db, 'audit_tiles', {
    updateUnless:
      'NEW.level = OLD.level AND NEW.idx = OLD.idx AND NEW.width > OLD.width AND substr(NEW.hashes, 1, length(OLD.hashes)) = OLD.hashes',
  });
  await makeAppendOnly(db, 'audit_checkpoints');
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_events', 'audit_tiles', 'audit_checkpoints']) await dropAppendOnly(db, t);
  for (const t of ['audit_checkpoints', 'audit_tiles', 'audit_tree_head']) await db.schema.dropTable(t).execute();
}
