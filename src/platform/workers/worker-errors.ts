import { DomainError } from '../kernel/index.ts';

/**
 * The pool already holds as many jobs as it may (every thread busy and the queue full): the job
 * was refused before any work. The message is the job's own, written for the person waiting.
 */
export class WorkerBusyError extends DomainError {
  readonly status = 503;
  constructor(message: string) {
    super('worker_busy', message);
  }
}

/** The job ran out of time: its thread was terminated, so the work really stopped. */
export class WorkerTimeoutError extends DomainError {
  readonly status = 503;
  constructor(message: string) {
    super('worker_timeout', message);
  }
}
