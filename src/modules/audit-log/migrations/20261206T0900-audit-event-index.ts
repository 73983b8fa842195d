import { sql, type Kysely } from 'kysely';
import { dropAppendOnly, isPostgres, makeAppendOnly } from '../../../platform/db/portable/index.ts';

// The read pages' indexes move out of audit_events into a narrow table filled behind the append, in
// batches (see audit-index.repository.ts). Five indexes keyed by contract or actor took every append
// to random pages of five B-trees: each commit rewrote thousands of pages and appends ran at a fifth
// of the lean table's speed. audit_events keeps its sequential keys only (seq, id, action, time).
// Readers merge the few events above the watermark `indexed_size` from audit_events itself.
const MOVED: [string, string[]][] = [
  ['audit_events_contract', ['contract_id', 'seq']],
  ['audit_events_actor', ['actor_id', 'seq']],
  ['audit_events_contract_actor', ['contract_id', 'actor_id', 'seq']],
  ['audit_events_contract_action', ['contract_id', 'action', 'seq']],
  ['audit_events_contract_resource', ['contract_id', 'resource_id', 'seq']],
];
const INDEXES: [string, string[]][] = [
  ['audit_event_index_actor', ['contract_id', 'actor_id', 'seq']],
  ['audit_event_index_action', ['contract_id', 'action', 'seq']],
  ['audit_event_index_resource', ['contract_id', 'resource_id', 'seq']],
];
const COLUMNS =
  'contract_id, seq, occurred_at, actor_type, actor_id, action, outcome, resource_type, resource_id, privileged';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per event about a contract: every column a page filters on or shows, keyed the way pages read.
  let table = db.schema
    .createTable('audit_event_index')
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('occurred_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('actor_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(64)')
    .addColumn('action', 'varchar(100)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('resource_type', 'varchar(50)')
    .addColumn('resource_id', 'varchar(64)')
    .addColumn('privileged', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_event_index_pk', ['contract_id', 'seq']);
  // SQLite only: cluster the rows on the key (one B-tree, a contract's page one range read) rather
  // than keep a rowid table plus a key index. PostgreSQL has no such clause; its heap is append-order.
  if (!isPostgres(db)) table = table.modifyEnd(sql`without rowid`);
  await table.execute();
  for (const [name, columns] of INDEXES)
    await db.schema.createIndex(name).on('audit_event_index').columns(columns).execute();
  // The same protection as the events: only the retention purge may delete, nothing may update.
  await makeAppendOnly(db, 'audit_event_index', {
    deleteUnless: '(SELECT purging FROM audit_tree_head WHERE id = 1) = 1',
  });

  // How far the table reaches: every event below indexed_size about a contract has its row.
  await db.schema
    .createTable('audit_index_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('indexed_size', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into audit_event_index (${sql.raw(COLUMNS)}) select ${sql.raw(COLUMNS)} from audit_events where contract_id is not null order by contract_id, seq`.execute(
    db,
  );
  await sql`insert into audit_index_head (id, indexed_size) select 1, size from audit_tree_head where id = 1`.execute(
    db,
  );
  for (const [name] of MOVED) await db.schema.dropIndex(name).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of MOVED) await db.schema.createIndex(name).on('audit_events').columns(columns).execute();
  await db.schema.dropTable('audit_index_head').execute();
  await dropAppendOnly(db, 'audit_event_index');
  await db.schema.dropTable('audit_event_index').execute();
}
