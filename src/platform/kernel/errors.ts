/**
 * Typed errors thrown by services. The HTTP layer maps each to a status and renders a page or
 * `{ "error": { "code", "message", "details" } }`; the CLI prints the message and exits non-zero.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    public readonly code: string,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One or more input fields are wrong; `fields` maps a field name to its GOV.UK-style message. */
export class ValidationError extends DomainError {
  readonly status = 422;
  constructor(
    public readonly fields: Record<string, string>,
    message = 'There is a problem with the information you entered',
  ) {
    super('validation_failed', message, { fields });
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(what: string) {
    super('not_found', `${what} was not found`);
  }
}

/** A rule of the domain refuses the change (not a malformed input). */
export class ConflictError extends DomainError {
  readonly status = 409;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  constructor(message = 'Sign in to continue') {
    super('unauthenticated', message);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(message = 'You do not have permission to do that') {
    super('forbidden', message);
  }
}

export class TooManyAttemptsError extends DomainError {
  readonly status = 429;
  constructor(public readonly retryAfterSeconds: number) {
    super('too_many_attempts', `Too many attempts. Wait ${retryAfterSeconds} seconds, then try again`, {
      retryAfterSeconds,
    });
  }
}
