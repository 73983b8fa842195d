import { type UnitOfWork } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/kernel/index.ts';
import { auditIndexRepository } from './audit-index.repository.ts';
import type { AuditEventInput, AuditLog } from './audit-log.service.ts';

/** Refuses a request while access records cannot be written: Custodian fails closed (clause B7.1). */
export class AuditUnavailableError extends DomainError {
  readonly status = 503;
  constructor() {
    super(
      'audit_unavailable',
      'Custodian cannot record access to this page at the moment, so it cannot show it. Try again in a minute.',
    );
  }
}

export interface AccessJournal {
  /** Queues one access record for the next group commit. */
  push(event: AuditEventInput): void;
  /** Resolves once every record pushed before the call is committed; rejects while the log cannot be written. */
  flush(): Promise<void>;
  /** False while records fail to commit or too many wait: signed-in requests are then refused with 503. */
  accepting(): boolean;
}

interface Waiter {
  upTo: number;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Group commit for access records. A durable commit per request doubled page latency (one fsync
 * each, and better-sqlite3 blocks the event loop while it syncs); here records queue in memory and
 * are written together: the first record starts a window of `windowMs` (50 ms), and everything
 * that arrives in it goes into one transaction. A reader of the log (flush) does not wait for
 * the window. The cost of that speed, stated plainly: if the process dies, the records of at most
 * the last window of requests die with it (state changes are unaffected: their events commit with
 * the change, and a signed checkpoint never covers a record that was not committed). If writing
 * fails, the records stay queued and are retried, and the recorder refuses further signed-in
 * requests until the queue drains, so no access goes unrecorded for long.
 * Closing the app commits whatever is queued.
 */
export function createAccessJournal(deps: {
  audit: AuditLog;
  uow: UnitOfWork;
  maxPending?: number;
  retryMs?: number;
  windowMs?: number;
  indexEveryMs?: number;
  onError?: (err: unknown) => void;
}): AccessJournal & { close(): Promise<void> } {
  const maxPending = deps.maxPending ?? 10_000;
  const retryMs = deps.retryMs ?? 1_000;
  const windowMs = deps.windowMs ?? 50;
  const indexEveryMs = deps.indexEveryMs ?? 1_000;
  const index = auditIndexRepository(deps.uow);
  let queue: AuditEventInput[] = [];
  let pushed = 0;
  let committed = 0;
  let writing = false;
  let failing = false;
  let timer: { immediate: boolean; cancel(): void } | undefined;
  let waiters: Waiter[] = [];

  const settle = (err?: unknown) => {
    const still: Waiter[] = [];
    for (const w of waiters) {
      if (committed >= w.upTo) w.resolve();
      else if (err) w.reject(err);
      else still.push(w);
    }
    waiters = still;
  };

  // The read index is moved on at most once a second, in one batch: indexing each small group
  // commit as it lands would cost nearly what the indexes inside audit_events did (see the migration).
  let indexedAt = performance.now();
  async function moveIndexOn(): Promise<void> {
    if (performance.now() - indexedAt < indexEveryMs) return;
    indexedAt = performance.now();
    await index.catchUp().catch((err: unknown) => deps.onError?.(err)); // readers scan the tail meanwhile
  }

  async function write(): Promise<void> {
    timer = undefined;
    if (writing || queue.length === 0) return;
    writing = true;
    const batch = queue;
    queue = [];
    try {
      await deps.audit.recordMany(batch);
      committed += batch.length;
      failing = false;
      settle();
      await moveIndexOn();
    } catch (err) {
      queue = batch.concat(queue); // nothing dropped: retried in order
      failing = true;
      deps.onError?.(err);
      settle(new AuditUnavailableError());
    } finally {
      writing = false;
    }
    if (queue.length) schedule(failing ? retryMs : waiters.length ? 0 : windowMs);
  }

  /** Writes after `delayMs`, or sooner if asked for 0 while a longer wait is pending. */
  function schedule(delayMs: number): void {
    if (writing || (timer && (delayMs > 0 || timer.immediate))) return;
    timer?.cancel();
    if (delayMs) {
      const t = setTimeout(() => void write(), delayMs);
      timer = { immediate: false, cancel: () => clearTimeout(t) };
    } else {
      const t = setImmediate(() => void write());
      timer = { immediate: true, cancel: () => clearImmediate(t) };
    }
  }

  return {
    push(event) {
      queue.push(event);
      pushed++;
      schedule(windowMs);
    },
    flush() {
      if (committed >= pushed) return Promise.resolve();
      const upTo = pushed;
      return new Promise<void>((resolve, reject) => {
        waiters.push({ upTo, resolve, reject });
        if (!writing && !failing) schedule(0);
        else if (failing && !writing) {
          timer?.cancel();
          void write(); // someone is waiting: retry now rather than after the back-off
        }
      });
    },
    accepting: () => !failing && queue.length < maxPending,
    async close() {
      timer?.cancel();
      timer = undefined;
      while (writing) await new Promise((r) => setImmediate(r));
      if (queue.length) await write();
    },
  };
}
