import { sql } from 'kysely';
import type { Db, Executor } from '../../platform/db/index.ts';

// Events indexed per transaction. Larger batches touch each index page fewer times per event (the
// point of indexing behind the append) and bound lock time and the reader's tail alike.
export const INDEX_BATCH = 20_000;
const COLUMNS = sql.raw(
  'contract_id, seq, occurred_at, actor_type, actor_id, action, outcome, resource_type, resource_id, privileged',
);

/**
 * The read pages' index of events about contracts (audit_event_index), kept behind the append:
 * appending writes audit_events only, and `catchUp` copies the new events' filter columns across
 * in large batches in key order. Events at or above the watermark are read from audit_events.
 */
export const auditIndexRepository = {
  /** The watermark (every contract event below it has its index row) and the log's committed size. */
  state: async (ex: Executor): Promise<{ indexed: number; size: number }> => {
    const row = await ex
      .selectFrom('audit_index_head')
      .select((eb) => ['indexed_size', eb.selectFrom('audit_tree_head').select('size').where('id', '=', 1).as('size')])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { indexed: Number(row.indexed_size), size: Number(row.size) };
  },

  /**
   * Indexes every committed event not yet indexed, up to `batch` per transaction; returns the new
   * watermark. Safe from several processes at once: the conditional watermark update comes first,
   * so a second indexer of the same range waits on its row lock and then finds it moved.
   */
  async catchUp(db: Db, batch = INDEX_BATCH): Promise<number> {
    for (;;) {
      const { indexed, size } = await auditIndexRepository.state(db);
      if (indexed >= size) return indexed;
      const to = Math.min(size, indexed + batch);
      await db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('audit_index_head')
          .set({ indexed_size: to })
          .where('id', '=', 1)
          .where('indexed_size', '=', indexed)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return; // another process indexed this range
        // All of [indexed, to) is committed: indexes are reserved under the head's lock and commit in order.
        await auditIndexRepository.copyRows(trx, indexed, to);
      });
    }
  },

  /**
   * Copies the index rows of events [from, to) across, in the index's key order. The tables are
   * parameters only for the benchmark's baseline, which maintains copies of both the same way.
   */
  async copyRows(
    ex: Executor,
    from: number,
    to: number,
    tables = { events: 'audit_events', index: 'audit_event_index' },
  ): Promise<void> {
    await sql`insert into ${sql.table(tables.index)} (${COLUMNS}) select ${COLUMNS} from ${sql.table(tables.events)}
      where seq >= ${from} and seq < ${to} and contract_id is not null order by contract_id, seq`.execute(ex);
  },

  /**
   * Bounds the tail that readers scan from audit_events: indexes now if more than `max` events
   * wait (the journal and the checkpoint job normally index well before that).
   */
  async boundTail(db: Db, max = INDEX_BATCH): Promise<void> {
    const { indexed, size } = await auditIndexRepository.state(db);
    if (size - indexed > max) await auditIndexRepository.catchUp(db);
  },

  /** The retention purge's part: the index rows of purged events go with them. */
  async deleteRange(ex: Executor, from: number, to: number): Promise<void> {
    await ex.deleteFrom('audit_event_index').where('seq', '>=', from).where('seq', '<', to).execute();
  },
};
