import type { FastifyInstance, FastifyRequest } from 'fastify';
import csrf from '@fastify/csrf-protection';
import { isApiRequest } from './request-kind.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF tokens on every state-changing web request (on in tests too). The secret lives in a signed,
 * HttpOnly cookie so the sign-in form is protected before any session exists. The JSON API is
 * exempt: it authenticates with bearer tokens only and never reads cookies.
 */
export async function registerCsrf(app: FastifyInstance, opts: { secure: boolean }): Promise<void> {
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'custodian_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: opts.secure },
    getToken: (request: FastifyRequest) => (request.body as { _csrf?: string } | undefined)?._csrf,
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method) || isApiRequest(request) || !request.routeOptions.config.permission)
      return done();
    app.csrfProtection(request, reply, done);
  });
}
