import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { Engine, RawConnection } from './engine.ts';

// bigint columns (audit indexes, tree sizes) come back as numbers, as they do from SQLite: indexes
// stay far below 2^53. Scoped to our pools rather than set globally on the pg module.
const INT8_OID = 20;
const pgTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID
    ? (v: string) => Number(v)
    : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

/**
 * PostgreSQL through a pg pool. A transaction checks a connection out of the pool itself, sends
 * BEGIN and COMMIT (or ROLLBACK) on it, and gives Kysely that one connection through Kysely's public
 * PostgresPool interface; the same connection is then at hand for COPY (pg-copy-streams) in the
 * transaction. Nothing of pg or Kysely is patched.
 */
export function openPostgres(url: string): Engine {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: { getTypeParser: pgTypeParser } });
  const idleListeners: ((err: Error) => void)[] = [];
  // An idle client losing its connection must not crash the process: the pool drops it and the next
  // query connects again. It is reported to whoever listens (the server logs it).
  pool.on('error', (err) => {
    for (const listener of idleListeners) listener(err);
  });
  const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  // One Kysely per pooled connection, made the first time that connection runs a transaction.
  const onConnection = new WeakMap<pg.PoolClient, Kysely<any>>();
  const kyselyOn = (client: pg.PoolClient) => {
    let k = onConnection.get(client);
    if (!k)
      onConnection.set(client, (k = new Kysely<any>({ dialect: new PostgresDialect({ pool: heldPool(client) }) })));
    return k;
  };
  const u = new URL(url);

  /**
   * Holds one pooled connection for `work`. A connection is given back for reuse unless `work`
   * failed with something other than an error the server reported for a statement: a raw read that
   * stopped part-way (a COPY left unread) may leave it in the middle of an exchange.
   */
  async function withConnection<T>(work: (raw: RawConnection) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      return await work({ dialect: 'postgres', client });
    } catch (err) {
      if (!isStatementError(err)) broken = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async function transaction<T>(work: (trx: { executor: Kysely<any>; raw: RawConnection }) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      try {
        const result = await work({ executor: kyselyOn(client), raw: { dialect: 'postgres', client } });
        await client.query('commit');
        return result;
      } catch (err) {
        // A connection whose ROLLBACK fails is in an unknown state: it is closed, not given back.
        await client.query('rollback').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw err;
      }
    } finally {
      client.release(broken);
    }
  }

  return {
    name: 'postgres',
    describe: `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`,
    kysely,
    withConnection,
    transaction,
    onIdleError: (listener) => void idleListeners.push(listener),
    close: () => kysely.destroy(),
  };
}

/** A "pool" of the one connection a transaction holds: Kysely acquires it for each statement and gives it back. */
function heldPool(client: pg.PoolClient): PostgresPool {
  const held: PostgresPoolClient = {
    query: client.query.bind(client) as PostgresPoolClient['query'],
    release: () => {}, // the transaction gives the connection back to the real pool when it ends
  };
  return { connect: async () => held, end: async () => {} };
}

/** An error the server reported for a statement (it has a SQLSTATE): the connection itself is fine. */
const isStatementError = (err: unknown) =>
  typeof err === 'object' &&
  err !== null &&
  typeof (err as { code?: unknown }).code === 'string' &&
  /^[0-9A-Z]{5}$/.test((err as { code: string }).code);
