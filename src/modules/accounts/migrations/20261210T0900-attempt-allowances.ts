import type { Kysely } from 'kysely';

// The throttle becomes a generic cell rate limiter (GCRA): one time per key, in epoch milliseconds,
// updated in a single statement so concurrent attempts are counted one by one. The counters are
// short-lived state, so the old table is replaced rather than converted: an upgrade forgives every
// failed attempt made before it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttles').execute();
  await db.schema
    .createTable('login_throttles')
    .addColumn('key', 'varchar(80)', (c) => c.primaryKey())
    // The theoretical arrival time: when this key's allowance is whole again.
    .addColumn('tat_ms', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttles').execute();
  await db.schema
    .createTable('login_throttles')
    .addColumn('key', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('blocked_until', 'varchar(24)', (c) => c.notNull())
    .execute();
}
