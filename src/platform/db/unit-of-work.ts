import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import type { DialectName } from './portable/dialect.ts';
import type { Engine, RawConnection } from './portable/engine.ts';

/**
 * The database as services and repositories see it. A transaction is ambient: `transaction(work)`
 * opens one for `work` and everything it awaits, or joins the one already open in this async
 * context, so a service method called from another's transaction becomes part of it without a
 * transaction being passed by hand. `executor()` is whatever runs statements at this moment: the
 * open transaction, else the database itself (each statement then commits on its own).
 */
export interface UnitOfWork {
  readonly dialect: DialectName;
  /**
   * Runs `work` in a transaction: the caller's if one is open in this async context, else a new one,
   * committed when `work` resolves and rolled back when it throws. Nested calls join; there are no
   * independent inner transactions (SQLite has one connection, which the outer one holds).
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Statements of this moment, typed for the caller's own tables (a module sees only its own). */
  executor<Tables>(): Kysely<Tables>;
  /** A module's view of its tables: `executor<Tables>` as a function, for its repository. */
  tables<Tables>(): ModuleDb<Tables>;
  /** Whether a transaction is open in this async context. */
  readonly inTransaction: boolean;
}

/** How a repository reaches its module's tables: call it for each statement (it follows the ambient transaction). */
export type ModuleDb<Tables> = () => Kysely<Tables>;

interface Scope {
  executor: Kysely<any>;
  raw: RawConnection;
  /**
   * False once the transaction has ended. Work started inside it that runs later (a timer, a promise
   * deliberately not awaited) inherits the scope; it then runs outside any transaction, as if
   * started there, rather than on a transaction that has committed.
   */
  open: boolean;
}

interface Internals {
  engine: Engine;
  scopes: AsyncLocalStorage<Scope>;
}
// The engine behind each unit of work, for the raw helpers in portable/ only (not exported from index.ts).
const internals = new WeakMap<UnitOfWork, Internals>();

/** The unit of work over an engine. One per database handle; no module-level state. */
export function createUnitOfWork(engine: Engine): UnitOfWork {
  const scopes = new AsyncLocalStorage<Scope>();
  const current = (): Scope | undefined => {
    const scope = scopes.getStore();
    return scope?.open ? scope : undefined;
  };
  const uow: UnitOfWork = {
    dialect: engine.name,
    async transaction(work) {
      if (current()) return work();
      return engine.transaction(async ({ executor, raw }) => {
        const scope: Scope = { executor, raw, open: true };
        try {
          return await scopes.run(scope, work);
        } finally {
          scope.open = false;
        }
      });
    },
    executor: <Tables>() => (current()?.executor ?? engine.kysely) as Kysely<Tables>,
    tables:
      <Tables>() =>
      () =>
        uow.executor<Tables>(),
    get inTransaction() {
      return current() !== undefined;
    },
  };
  internals.set(uow, { engine, scopes });
  return uow;
}

/**
 * The raw connection of the transaction open in this async context, or undefined outside one. For
 * portable/ helpers: statements run on it are part of the transaction.
 */
export function transactionConnection(uow: UnitOfWork): RawConnection | undefined {
  const scope = internals.get(uow)?.scopes.getStore();
  return scope?.open ? scope.raw : undefined;
}

/**
 * Runs `work` on a raw connection: the open transaction's, else one held for `work` alone (SQLite's
 * one connection, waiting for any transaction on it to end; a PostgreSQL connection from the pool).
 */
export function withRawConnection<T>(uow: UnitOfWork, work: (raw: RawConnection) => Promise<T>): Promise<T> {
  const inner = internals.get(uow);
  if (!inner) throw new Error('withRawConnection: not a unit of work made by createUnitOfWork');
  const raw = transactionConnection(uow);
  return raw ? work(raw) : inner.engine.withConnection(work);
}
