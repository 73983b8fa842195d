import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { DialectName } from './dialect.ts';

/**
 * The connection under one transaction (or one held connection), for the few statements Kysely
 * cannot send: prepared better-sqlite3 statements and PostgreSQL's COPY. Both are the drivers'
 * public APIs on a connection the app opened (SQLite) or checked out of the pool itself (PostgreSQL).
 */
export type RawConnection =
  { dialect: 'sqlite'; database: BetterSqlite3.Database } | { dialect: 'postgres'; client: pg.PoolClient };

/** One open transaction: Kysely on its connection, and that connection. */
export interface EngineTransaction {
  executor: Kysely<any>;
  raw: RawConnection;
}

/** A database engine as the unit of work drives it. Only platform/db sees this. */
export interface Engine {
  readonly name: DialectName;
  /** A human description without credentials, safe to log. */
  readonly describe: string;
  /** Kysely on the whole database: statements outside any transaction, and the migrator. */
  readonly kysely: Kysely<any>;
  /** Runs `work` in a new transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (trx: EngineTransaction) => Promise<T>): Promise<T>;
  /** Runs `work` holding one connection (no transaction): for raw reads outside a transaction. */
  withConnection<T>(work: (raw: RawConnection) => Promise<T>): Promise<T>;
  /** Called with an error on an idle pooled connection (PostgreSQL); the pool replaces the connection. */
  onIdleError(listener: (err: Error) => void): void;
  close(): Promise<void>;
}
