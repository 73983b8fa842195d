import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, UUID_PATTERN, ValidationError } from '../kernel/index.ts';
import { formErrors } from '../views/form-errors.ts';

/**
 * Post/Redirect/Get for a GOV.UK form: runs the action, then redirects (303) with a flash message;
 * on a ValidationError re-renders the form with the error summary, field errors and the user's input.
 */
export async function submitForm(
  request: FastifyRequest,
  reply: FastifyReply,
  form: { template: string; context?: Record<string, unknown> | (() => Promise<Record<string, unknown>>) },
  action: () => Promise<
    { redirect: string; flash?: string } | { show: string; context: Record<string, unknown>; status?: number }
  >,
): Promise<FastifyReply> {
  try {
    const done = await action();
    // A one-time secret (a new link or token) is shown in the response itself rather than redirected.
    if ('show' in done) return reply.page(done.show, done.context, done.status ?? 201);
    if (done.flash) reply.flash(done.flash);
    return reply.redirect(done.redirect, 303);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const context = typeof form.context === 'function' ? await form.context() : (form.context ?? {});
    const { _csrf: _ignored, ...values } = (request.body ?? {}) as Record<string, unknown>;
    return reply.page(
      form.template,
      {
        ...context,
        values: { ...((context.values as object) ?? {}), ...withoutSecrets(values) },
        errors: formErrors(err.fields),
      },
      422,
    );
  }
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
