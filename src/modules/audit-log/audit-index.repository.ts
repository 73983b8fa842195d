import { sql } from 'kysely';
import type { UnitOfWork } from '../../platform/db/index.ts';
import type { AuditLogTables } from './audit-log.tables.ts';

// Events indexed per transaction. Larger batches touch each index page fewer times per event (the
// point of indexing behind the append) and bound lock time and the reader's tail alike.
export const INDEX_BATCH = 20_000;
/** The columns the read index copies from audit_events (the benchmark's baseline copies them the same way). */
export const AUDIT_INDEX_COLUMNS = sql.raw(
  'contract_id, seq, occurred_at, actor_type, actor_id, action, outcome, resource_type, resource_id, privileged',
);

/**
 * The read pages' index of events about contracts (audit_event_index), kept behind the append:
 * appending writes audit_events only, and `catchUp` copies the new events' filter columns across
 * in large batches in key order. Events at or above the watermark are read from audit_events.
 */
export function auditIndexRepository(uow: UnitOfWork) {
  const db = uow.tables<AuditLogTables>();
  const repo = {
    /** The watermark (every contract event below it has its index row) and the log's committed size. */
    state: async (): Promise<{ indexed: number; size: number }> => {
      const row = await db()
        .selectFrom('audit_index_head')
        .select((eb) => [
          'indexed_size',
          eb.selectFrom('audit_tree_head').select('size').where('id', '=', 1).as('size'),
        ])
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      return { indexed: Number(row.indexed_size), size: Number(row.size) };
    },

    /**
     * Indexes every committed event not yet indexed, up to `batch` per transaction; returns the new
     * watermark. Safe from several processes at once: the conditional watermark update comes first,
     * so a second indexer of the same range waits on its row lock and then finds it moved.
     */
    async catchUp(batch = INDEX_BATCH): Promise<number> {
      for (;;) {
        const { indexed, size } = await repo.state();
        if (indexed >= size) return indexed;
        const to = Math.min(size, indexed + batch);
        await uow.transaction(async () => {
          const moved = await db()
            .updateTable('audit_index_head')
            .set({ indexed_size: to })
            .where('id', '=', 1)
            .where('indexed_size', '=', indexed)
            .executeTakeFirst();
          if (Number(moved.numUpdatedRows) !== 1) return; // another process indexed this range
          // All of [indexed, to) is committed: indexes are reserved under the head's lock and commit in order.
          await repo.copyRows(indexed, to);
        });
      }
    },

    /** Copies the index rows of events [from, to) across, in the index's key order. */
    async copyRows(from: number, to: number): Promise<void> {
      await sql`insert into audit_event_index (${AUDIT_INDEX_COLUMNS}) select ${AUDIT_INDEX_COLUMNS} from audit_events
        where seq >= ${from} and seq < ${to} and contract_id is not null order by contract_id, seq`.execute(db());
    },

    /**
     * Bounds the tail that readers scan from audit_events: indexes now if more than `max` events
     * wait (the journal and the checkpoint job normally index well before that).
     */
    async boundTail(max = INDEX_BATCH): Promise<void> {
      const { indexed, size } = await repo.state();
      if (size - indexed > max) await repo.catchUp();
    },

    /** The retention purge's part: the index rows of purged events go with them. */
    async deleteRange(from: number, to: number): Promise<void> {
      await db().deleteFrom('audit_event_index').where('seq', '>=', from).where('seq', '<', to).execute();
    },
  };
  return repo;
}
