import type { UnitOfWork } from '../../platform/db/index.ts';
import type { AuditLogTables } from './audit-log.tables.ts';
import type { TileStore, TileWrite } from '../../platform/merkle/index.ts';

/** Every query about the tree beside the events: tiles of hashes and signed checkpoints. */
export function auditTreeRepository(uow: UnitOfWork) {
  const db = uow.tables<AuditLogTables>();
  return {
    /** A TileStore over the audit_tiles table (hashes kept as hex text, the same on both engines). */
    tileStore(): TileStore {
      return {
        async readTile(level, index, width) {
          const row = await db()
            .selectFrom('audit_tiles')
            .select(['width', 'hashes'])
            .where('level', '=', level)
            .where('idx', '=', index)
            .executeTakeFirst();
          if (!row || row.width < width) throw new Error(`audit tile ${level}/${index} (width ${width}) is missing`);
          return Buffer.from(row.hashes, 'hex');
        },
      };
    },
    async writeTiles(writes: readonly TileWrite[]): Promise<void> {
      for (const w of writes) {
        const hashes = Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength).toString('hex');
        await db()
          .insertInto('audit_tiles')
          .values({ level: w.level, idx: w.index, width: w.width, hashes })
          .onConflict((oc) => oc.columns(['level', 'idx']).doUpdateSet({ width: w.width, hashes }))
          .execute();
      }
    },
    /** Tiles of one level from index `from`, in order: the input of verification. */
    tiles: (level: number, from: number, limit: number) =>
      db()
        .selectFrom('audit_tiles')
        .select(['idx', 'width', 'hashes'])
        .where('level', '=', level)
        .where('idx', '>=', from)
        .orderBy('idx')
        .limit(limit)
        .execute(),
    maxLevel: async () =>
      Number(
        (
          await db()
            .selectFrom('audit_tiles')
            .select((eb) => eb.fn.max('level').as('m'))
            .executeTakeFirst()
        )?.m ?? -1,
      ),
    async advanceTiled(from: number, to: number): Promise<boolean> {
      const r = await db()
        .updateTable('audit_tree_head')
        .set({ tiled_size: to })
        .where('id', '=', 1)
        .where('tiled_size', '=', from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async insertCheckpoint(row: { size: number; root_hash: string; note: string; created_at: string }) {
      await db()
        .insertInto('audit_checkpoints')
        .values(row)
        .onConflict((oc) => oc.column('size').doNothing())
        .execute();
    },
    latestCheckpoint: () =>
      db().selectFrom('audit_checkpoints').selectAll().orderBy('size', 'desc').limit(1).executeTakeFirst(),
    checkpointAt: (size: number) =>
      db().selectFrom('audit_checkpoints').selectAll().where('size', '=', size).executeTakeFirst(),
    checkpoints: () => db().selectFrom('audit_checkpoints').selectAll().orderBy('size').execute(),
    /** The size of the largest checkpoint of at most `size` leaves (0 if none). */
    largestCheckpointSize: async (atMost: number): Promise<number> => {
      const row = await db()
        .selectFrom('audit_checkpoints')
        .select('size')
        .where('size', '<=', atMost)
        .orderBy('size', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? Number(row.size) : 0;
    },
  };
}
