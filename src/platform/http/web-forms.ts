import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, TooManyAttemptsError, UUID_PATTERN, ValidationError } from '../kernel/index.ts';
import { formErrors } from '../views/form-errors.ts';
import type { FlashKind } from '../views/render.ts';

/**
 * Post/Redirect/Get for a GOV.UK form: runs the action, then redirects (303) with a flash message;
 * on a ValidationError re-renders the form with the error summary, field errors and the user's input.
 */
export async function submitForm(
  request: FastifyRequest,
  reply: FastifyReply,
  form: {
    template: string;
    context?: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
    /** A form that guesses a secret: "too many attempts" is shown against this field, with status 429. */
    throttledField?: string;
  },
  action: () => Promise<
    | { redirect: string; flash?: string; flashKind?: FlashKind }
    | { show: string; context: Record<string, unknown>; status?: number }
  >,
): Promise<FastifyReply> {
  try {
    const done = await action();
    // A one-time secret (a new link or token) is shown in the response itself rather than redirected.
    if ('show' in done) return reply.page(done.show, done.context, done.status ?? 201);
    if (done.flash) reply.flash(done.flash, done.flashKind);
    return reply.redirect(done.redirect, 303);
  } catch (err) {
    const fields = formProblem(err, form.throttledField);
    if (!fields) throw err;
    const context = typeof form.context === 'function' ? await form.context() : (form.context ?? {});
    const { _csrf: _ignored, ...values } = (request.body ?? {}) as Record<string, unknown>;
    return reply.page(
      form.template,
      {
        ...context,
        values: { ...((context.values as object) ?? {}), ...withoutSecrets(values) },
        errors: formErrors(fields),
      },
      problemStatus(reply, err),
    );
  }
}

/** A form's error as field messages: bad input, or throttling shown against `throttledField`. Else undefined. */
export function formProblem(err: unknown, throttledField: string | undefined): Record<string, string> | undefined {
  if (err instanceof ValidationError) return err.fields;
  if (err instanceof TooManyAttemptsError && throttledField) return { [throttledField]: err.message };
  return undefined;
}

/** The status of a form shown again with its problem: 429 (with Retry-After) when throttled, else 422. */
export function problemStatus(reply: FastifyReply, err: unknown): 422 | 429 {
  if (!(err instanceof TooManyAttemptsError)) return 422;
  reply.header('retry-after', String(err.retryAfterSeconds));
  return 429;
}

/** Passwords and codes are never echoed back into a page. */
function withoutSecrets(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !/password|code|secret/i.test(k)));
}

/** A route's id parameter, which must be a UUID; anything else is simply not found. */
export function idParam(request: FastifyRequest, name: string, what: string): string {
  const value = (request.params as Record<string, string | undefined>)[name];
  if (!value || !UUID_PATTERN.test(value)) throw new NotFoundError(what);
  return value;
}
