import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { UsersService } from '../accounts/index.ts';
import type { AuditLog } from '../audit-log/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import { iso, NotFoundError, systemActor, type Clock } from '../../platform/kernel/index.ts';
import { createOutboundGuard, type OutboundGuard } from '../../platform/net/index.ts';
import type { SecretBox } from '../../platform/secret-box/index.ts';
import { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from './backoff.ts';
import { deliveriesRepository, type DeliveryRow, type WorkItem } from './deliveries.repository.ts';
import { DeliveryFailure, toDeliveryFailure } from './delivery-errors.ts';
import { composeEmail } from './email-channel.ts';
import { EMAIL_OFF } from './notifications.service.ts';
import { postWebhook, webhookBody } from './webhook-channel.ts';
import { webhookSecretContext } from './webhooks.service.ts';

/** What one `runOnce` did. `lost`: the lease ran out mid-send and another worker took the delivery over. */
export interface DeliveryCounts {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
  skipped: number;
  cancelled: number;
  released: number;
  lost: number;
}
type Outcome = Exclude<keyof DeliveryCounts, 'claimed'>;
type Patch = Parameters<ReturnType<typeof deliveriesRepository>['settle']>[3];

/** A pino-shaped logger. Ids and outcomes only: never addresses' content, subjects or bodies. */
export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
const quiet: WorkerLog = { info() {}, warn() {}, error() {} };

export interface DeliveryWorkerOptions {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  /** The recipient's name and whether the account is disabled, at the time of sending. */
  users: Pick<UsersService, 'list'>;
  /** The contract's order reference, for the webhook body. */
  contracts: Pick<ContractsService, 'get'>;
  /** Absent when email is off: email deliveries are then marked `skipped` with the reason. */
  mailer?: Mailer | undefined;
  /** Makes links absolute and names the host of Message-IDs. */
  publicUrl: string;
  /** Opens the webhook signing secrets, which are stored sealed (the app's `services.secrets`). */
  secrets: SecretBox;
  allowHttpWebhooks?: boolean;
  /** Where webhooks may connect; by default public addresses only, through the system's resolver. */
  outbound?: OutboundGuard;
  log?: WorkerLog;
  /** Written into each lease; defaults to host:pid:random. */
  id?: string;
  batchSize?: number;
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
  /** A send still running after this is aborted and counted as a failed attempt. */
  sendTimeoutMs?: number;
  /** How long a claim holds; longer than a send can take, so a live worker never loses its lease. */
  leaseMs?: number;
  pollIntervalMs?: number;
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;

const STOPPING = new Error('The delivery worker is stopping');
const TIMED_OUT = new Error('The send took too long');

/**
 * The outbox worker: claims due deliveries under a lease, sends them, and records the outcome only
 * while it still holds the lease. A failed attempt is retried with exponential backoff and jitter,
 * up to `retry.maxAttempts`, then the delivery is `failed` (and audited).
 *
 * Exactly once, and its one honest gap: a delivery is marked delivered in the database only after
 * the SMTP server's 250 (or the webhook's 2xx). If the process dies between that reply and the
 * commit, the lease runs out and the delivery is sent again. Every send of a notification carries
 * the same Message-ID and Idempotency-Key, derived from its idempotency key, so the receiver can
 * recognise and drop the second copy. Nothing is ever lost: a claim is only ever given up by
 * recording an outcome, by releasing it on `stop()`, or by its lease running out.
 */
export function createDeliveryWorker(opts: DeliveryWorkerOptions) {
  const { uow, clock, audit, mailer } = opts;
  const repo = deliveriesRepository(uow);
  const id = opts.id ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const log = opts.log ?? quiet;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const batchSize = opts.batchSize ?? 20;
  const sendTimeoutMs = opts.sendTimeoutMs ?? 30_000;
  const leaseMs = opts.leaseMs ?? sendTimeoutMs + 90_000;
  const pollMs = opts.pollIntervalMs ?? 5_000;
  const outbound = opts.outbound ?? createOutboundGuard();
  const inFlight = new Set<AbortController>();
  const runs = new Set<Promise<unknown>>();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const now = () => iso(clock.now());

  async function finish(row: DeliveryRow, outcome: Outcome, patch: Patch): Promise<Outcome> {
    if (!(await repo.settle(row.id, id, now(), patch))) return lost(row);
    log.info({ deliveryId: row.id, channel: row.channel, outcome, attempts: row.attempts }, 'notification delivery');
    return outcome;
  }

  function lost(row: DeliveryRow): Outcome {
    log.warn(
      { deliveryId: row.id, channel: row.channel, worker: id },
      'notification delivery lease lost: another worker took it over',
    );
    return 'lost';
  }

  async function failed(row: DeliveryRow, item: WorkItem, failure: DeliveryFailure): Promise<Outcome> {
    log.warn(
      { deliveryId: row.id, channel: row.channel, attempts: row.attempts, error: failure.message },
      'notification delivery attempt failed',
    );
    if (!failure.permanent && row.attempts < retry.maxAttempts) {
      const next = new Date(clock.now().getTime() + retryDelayMs(row.attempts, retry, opts.random));
      return finish(row, 'retrying', { next_attempt_at: iso(next), last_error: failure.message });
    }
    return uow.transaction(async () => {
      if (!(await repo.settle(row.id, id, now(), { status: 'failed', last_error: failure.message }))) return lost(row);
      await audit.record({
        actor: systemActor('notifications'),
        action: 'notification.delivery-failed',
        outcome: 'failure',
        contractId: item.contractId,
        resource: { type: 'notification-delivery', id: row.id },
        details: { channel: row.channel, kind: item.kind, attempts: row.attempts, error: failure.message },
      });
      log.error(
        { deliveryId: row.id, channel: row.channel, attempts: row.attempts },
        'notification delivery failed: giving up',
      );
      return 'failed' as const;
    });
  }

  async function send(row: DeliveryRow, item: WorkItem, signal: AbortSignal): Promise<unknown> {
    if (row.channel === 'email')
      return mailer!.send(
        composeEmail(item, row.destination!, { publicUrl: opts.publicUrl, date: clock.now() }),
        signal,
      );
    const secret = await opts.secrets
      .open(item.webhookSecret!, webhookSecretContext(item.webhookId!))
      .catch((err: unknown) => {
        // No retry can open it: the key file was replaced, or the stored secret was altered.
        throw new DeliveryFailure(
          `The webhook's signing secret cannot be opened with this server's key (${(err as Error).message}): add the webhook again`,
          true,
        );
      });
    return postWebhook({
      url: item.webhookUrl!,
      secret,
      body: webhookBody(item, row.id, opts.publicUrl),
      key: item.key,
      deliveryId: row.id,
      unixSeconds: Math.floor(clock.now().getTime() / 1000),
      allowHttp: opts.allowHttpWebhooks ?? false,
      outbound,
      signal,
    });
  }

  /** The stored delivery with its recipient and contract, as their own modules tell them now. */
  async function workItem(deliveryId: string): Promise<WorkItem | undefined> {
    const stored = await repo.workItem(deliveryId);
    if (!stored) return undefined;
    const recipient = (await opts.users.list({ ids: [stored.recipientId] }))[0];
    if (!recipient) return undefined; // users are never deleted: a recipient missing is a notification gone wrong
    const contract = stored.contractId
      ? await opts.contracts.get(stored.contractId).catch((err: unknown) => {
          if (err instanceof NotFoundError) return undefined;
          throw err;
        })
      : undefined;
    return {
      ...stored,
      recipientName: recipient.displayName,
      recipientDisabled: recipient.status === 'disabled',
      contractReference: contract?.orderReference ?? null,
    };
  }

  async function deliver(row: DeliveryRow): Promise<Outcome> {
    const item = await workItem(row.id);
    // In-app rows are written delivered and never claimed; these two guard against rows made by hand.
    if (row.channel === 'in-app') return finish(row, 'delivered', { status: 'delivered', delivered_at: now() });
    if (!item) return finish(row, 'failed', { status: 'failed', last_error: 'The notification no longer exists' });
    if (row.channel === 'email' && !mailer) return finish(row, 'skipped', { status: 'skipped', last_error: EMAIL_OFF });
    // An account disabled since the notification was written gets no more email (its in-app copy stays).
    if (row.channel === 'email' && item.recipientDisabled)
      return finish(row, 'skipped', { status: 'skipped', last_error: 'The account is disabled' });
    if (row.channel === 'webhook' && (!item.webhookUrl || !item.webhookSecret || item.webhookDisabledAt)) {
      return finish(row, 'cancelled', {
        status: 'cancelled',
        last_error: 'The webhook was disabled before this was delivered',
      });
    }
    const controller = new AbortController();
    inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(TIMED_OUT), sendTimeoutMs);
    try {
      await send(row, item, controller.signal);
    } catch (err) {
      if (controller.signal.reason === STOPPING) {
        // Interrupted by shutdown, not by the destination: due again at once, attempt not counted.
        return (await repo.release(row.id, id, now())) ? 'released' : lost(row);
      }
      const failure =
        controller.signal.reason === TIMED_OUT
          ? new DeliveryFailure(`No answer within ${sendTimeoutMs / 1000} seconds`)
          : toDeliveryFailure(err);
      return failed(row, item, failure);
    } finally {
      clearTimeout(timeout);
      inFlight.delete(controller);
    }
    return finish(row, 'delivered', { status: 'delivered', delivered_at: now(), last_error: null });
  }

  async function runBatch(): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = {
      claimed: 0,
      delivered: 0,
      retrying: 0,
      failed: 0,
      skipped: 0,
      cancelled: 0,
      released: 0,
      lost: 0,
    };
    if (stopping) return counts;
    const at = clock.now();
    const claimed = await repo.claim({
      owner: id,
      now: iso(at),
      leaseUntil: iso(new Date(at.getTime() + leaseMs)),
      limit: batchSize,
    });
    counts.claimed = claimed.length;
    const queue = [...claimed];
    const lane = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        try {
          // Once stopping, claimed rows not yet started are given back rather than begun.
          if (stopping) counts[(await repo.release(row.id, id, now())) ? 'released' : lost(row)]++;
          else counts[await deliver(row)]++;
        } catch (err) {
          // The database failed us mid-way: the lease runs out and the delivery is tried again.
          log.error({ err, deliveryId: row.id }, 'notification delivery could not be recorded');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, queue.length) }, lane));
    return counts;
  }

  async function tick() {
    timer = undefined;
    let full = false;
    try {
      full = (await api.runOnce()).claimed >= batchSize;
    } catch (err) {
      log.error({ err }, 'notification delivery run failed');
    }
    // A full batch suggests more is waiting: go again at once rather than after the interval.
    if (!stopping) timer = setTimeout(() => void tick(), full ? 0 : pollMs);
  }

  const api = {
    id,
    /** Claims one batch of due deliveries and sends them; resolves with what happened. Tests call this directly. */
    runOnce(): Promise<DeliveryCounts> {
      const run = runBatch();
      runs.add(run);
      void run.catch(() => {}).finally(() => runs.delete(run));
      return run;
    },
    /** Polls every `pollIntervalMs` until stopped. */
    start(): void {
      if (!stopping && !timer) timer = setTimeout(() => void tick(), 0);
    },
    /**
     * Stops claiming, lets sends in flight finish for up to `graceMs`, then aborts the rest and gives
     * their leases back. A stopped worker stays stopped: a restart makes a new one.
     */
    async stop(options: { graceMs?: number } = {}): Promise<void> {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const grace = setTimeout(() => {
        for (const c of inFlight) c.abort(STOPPING);
      }, options.graceMs ?? 10_000);
      try {
        while (runs.size) await Promise.allSettled([...runs]);
      } finally {
        clearTimeout(grace);
      }
    },
  };
  return api;
}
