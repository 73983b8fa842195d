import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import findMyWay, { type HTTPMethod } from 'find-my-way';
import { DomainError, TooManyAttemptsError, ValidationError } from '../kernel/index.ts';
import { isApiRequest } from './request-kind.ts';

const PAGE: Record<number, { heading: string; message: string }> = {
  400: {
    heading: 'There is a problem with the request',
    message: 'The request could not be understood. Go back and try again.',
  },
  401: { heading: 'Sign in to continue', message: 'You need to sign in to see this page.' },
  403: {
    heading: 'You do not have permission to see this page',
    message: 'Ask your system administrator if you need access.',
  },
  404: { heading: 'Page not found', message: 'If you typed the web address, check it is correct.' },
  405: { heading: 'That action is not allowed here', message: 'The page does not accept that kind of request.' },
  409: { heading: 'That change cannot be made', message: '' },
  413: { heading: 'What you sent is too large', message: 'Send less data and try again.' },
  415: { heading: 'That kind of content is not accepted', message: 'Send a form or JSON.' },
  422: { heading: 'There is a problem with the information you entered', message: '' },
  429: { heading: 'Too many attempts', message: '' },
  500: {
    heading: 'Sorry, there is a problem with the service',
    message: 'Try again later. If it keeps happening, give the reference below to your administrator.',
  },
};

const CODE: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'too_many_attempts',
  500: 'internal_error',
};

/** Sends an error as JSON for the API, or as a GOV.UK error page; never a stack trace. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
) {
  if (isApiRequest(request) || !reply.page) {
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .send({ error: { code, message, ...(details ? { details } : {}) } });
  }
  const page = PAGE[status] ?? PAGE[500]!;
  // A specific error (an expired link, an expired form) keeps its own message; generic ones get the page's.
  const shown = code !== CODE[status] ? message : page.message || message;
  return reply.page(
    'error.njk',
    {
      pageTitle: page.heading,
      heading: page.heading,
      message: shown,
      requestId: status >= 500 ? request.id : undefined,
    },
    status,
  );
}

/** Maps every thrown error to a status: typed domain errors, Fastify's own, and the unexpected (500, logged). */
export function registerErrorHandlers(app: FastifyInstance): void {
  const routes = findMyWay();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) if (m !== 'HEAD') routes.on(m as HTTPMethod, route.url, () => {});
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof TooManyAttemptsError) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error instanceof ValidationError)
      return sendError(request, reply, 422, error.code, error.message, { fields: error.fields });
    if (error instanceof DomainError)
      return sendError(request, reply, error.status, error.code, error.message, error.details);
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      return sendError(
        request,
        reply,
        403,
        'csrf_failed',
        'The form had expired. Go back, reload the page and try again.',
      );
    }
    if (error.validation) {
      // Both Ajv (web) and the zod type provider (API) fill `validation`; `in` says which part was wrong.
      const issues = error.validation.map((v) => ({
        path: v.instancePath || (v.params as { missingProperty?: string })?.missingProperty || '',
        message: v.message,
      }));
      const details = { ...(error.validationContext ? { in: error.validationContext } : {}), issues };
      return sendError(
        request,
        reply,
        isApiRequest(request) ? 422 : 400,
        'validation_failed',
        'The request did not match the schema',
        details,
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return sendError(request, reply, status, CODE[status] ?? 'bad_request', error.message);
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 500, 'internal_error', 'Something went wrong. The reference is the request id.', {
      requestId: request.id,
    });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).filter(
      (m) => m !== request.method && routes.find(m, path),
    );
    if (allowed.length > 0 && !(request.method === 'HEAD' && allowed.includes('GET'))) {
      reply.header('allow', allowed.join(', '));
      return sendError(
        request,
        reply,
        405,
        'method_not_allowed',
        `${request.method} is not allowed here; use ${allowed.join(' or ')}`,
      );
    }
    return sendError(request, reply, 404, 'not_found', 'Nothing is at that address');
  });
}
