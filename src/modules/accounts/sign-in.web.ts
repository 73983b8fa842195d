import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { ValidationError, type Actor } from '../../platform/kernel/index.ts';
import { formProblem, problemStatus } from '../../platform/http/index.ts';
import { formErrors } from '../../platform/views/index.ts';
import type { AuthenticationService } from './authentication.service.ts';
import { clearSessionCookie, requestContext, safeReturnTo, setSessionCookie } from './session-cookie.ts';
import type { SessionsService } from './sessions.service.ts';

const pending = { config: { permission: 'session:pending' as const } };

function pendingOf(request: FastifyRequest) {
  const p = request.principal;
  if (p.kind !== 'pending') throw new Error('route reached without a pending session');
  return p;
}

/** Sign-in (password, then TOTP or a recovery code), MFA enrolment and sign-out. */
export function signInWeb(
  app: FastifyInstance,
  deps: { auth: AuthenticationService; sessions: SessionsService; secure: boolean },
): void {
  const { auth, secure } = deps;

  app.get('/sign-in', { config: { permission: 'public' } }, async (request, reply) => {
    if (request.principal.kind === 'user') return reply.redirect('/', 303);
    const returnTo = safeReturnTo((request.query as { returnTo?: string }).returnTo);
    return reply.page('accounts/sign-in.njk', { pageTitle: 'Sign in', values: {}, returnTo });
  });

  app.post('/sign-in', { config: { permission: 'public' } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const returnTo = safeReturnTo(body.returnTo);
    try {
      const { token, stage } = await auth.signInWithPassword(body, requestContext(request));
      setSessionCookie(reply, token, secure);
      if (stage === 'active') return reply.redirect(returnTo, 303);
      const next = stage === 'mfa-enrol' ? '/mfa/enrol' : '/sign-in/mfa';
      return reply.redirect(returnTo === '/' ? next : `${next}?returnTo=${encodeURIComponent(returnTo)}`, 303);
    } catch (err) {
      const fields = formProblem(err, 'email');
      if (!fields) throw err;
      // Once asked for, the code field stays until the person signs in.
      const askForCode = 'code' in fields || (typeof body.code === 'string' && body.code !== '');
      return reply.page(
        'accounts/sign-in.njk',
        { pageTitle: 'Sign in', values: { email: body.email }, returnTo, askForCode, errors: formErrors(fields) },
        problemStatus(reply, err),
      );
    }
  });

  app.get('/sign-in/mfa', pending, async (request, reply) => {
    const p = pendingOf(request);
    if (p.stage === 'mfa-enrol') return reply.redirect('/mfa/enrol', 303);
    return reply.page('accounts/mfa-verify.njk', {
      pageTitle: 'Enter your security code',
      returnTo: safeReturnTo((request.query as { returnTo?: string }).returnTo),
    });
  });

  app.post('/sign-in/mfa', pending, async (request, reply) => {
    const p = pendingOf(request);
    const body = (request.body ?? {}) as Record<string, string>;
    try {
      const token = await auth.verifyTotp(p.sessionId, p.user.id, body, requestContext(request));
      setSessionCookie(reply, token, secure);
      return reply.redirect(safeReturnTo(body.returnTo), 303);
    } catch (err) {
      const fields = formProblem(err, 'code');
      if (!fields) throw err;
      return reply.page(
        'accounts/mfa-verify.njk',
        { pageTitle: 'Enter your security code', returnTo: safeReturnTo(body.returnTo), errors: formErrors(fields) },
        problemStatus(reply, err),
      );
    }
  });

  app.get('/sign-in/recovery', pending, async (_request, reply) =>
    reply.page('accounts/recovery.njk', { pageTitle: 'Use a recovery code', backLink: { href: '/sign-in/mfa' } }),
  );

  app.post('/sign-in/recovery', pending, async (request, reply) => {
    const p = pendingOf(request);
    try {
      const token = await auth.useRecoveryCode(p.sessionId, p.user.id, request.body, requestContext(request));
      setSessionCookie(reply, token, secure);
      reply.flash(
        'You signed in with a recovery code. Each code works once: if you have lost your authenticator, ask an administrator to reset it.',
      );
      return reply.redirect('/account', 303);
    } catch (err) {
      const fields = formProblem(err, 'code');
      if (!fields) throw err;
      return reply.page(
        'accounts/recovery.njk',
        { pageTitle: 'Use a recovery code', backLink: { href: '/sign-in/mfa' }, errors: formErrors(fields) },
        problemStatus(reply, err),
      );
    }
  });

  app.get('/mfa/enrol', pending, async (request, reply) => {
    const p = pendingOf(request);
    if (p.stage !== 'mfa-enrol') return reply.redirect('/sign-in/mfa', 303);
    const enrolment = await auth.enrolment(p.user.id);
    return reply.page('accounts/mfa-enrol.njk', { pageTitle: 'Set up your authenticator app', ...enrolment });
  });

  app.post('/mfa/enrol', pending, async (request, reply) => {
    const p = pendingOf(request);
    if (p.stage !== 'mfa-enrol') return reply.redirect('/sign-in/mfa', 303);
    try {
      const { token, recoveryCodes } = await auth.confirmEnrolment(
        p.sessionId,
        p.user.id,
        request.body,
        requestContext(request),
      );
      setSessionCookie(reply, token, secure);
      // Shown in this response only: the codes are never stored in clear, so there is no page to come back to.
      return reply.page('accounts/recovery-codes.njk', {
        pageTitle: 'Save your recovery codes',
        recoveryCodes,
        user: { ...p.user },
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const enrolment = await auth.enrolment(p.user.id);
      return reply.page(
        'accounts/mfa-enrol.njk',
        { pageTitle: 'Set up your authenticator app', ...enrolment, errors: formErrors(err.fields) },
        422,
      );
    }
  });

  // Public: ending your own session needs no permission beyond holding it; CSRF still applies.
  app.post('/sign-out', { config: { permission: 'public' } }, async (request, reply) => {
    const p = request.principal;
    if (p.kind === 'user' || p.kind === 'pending') {
      // A system administrator's log-off is a privileged event (clause B8.1.2), whatever the route.
      const actor = { ...(actorOf(request) as Extract<Actor, { type: 'user' }>), privileged: p.user.isSystemAdmin };
      await deps.sessions.end(actor, p.sessionId, p.user.id);
    }
    clearSessionCookie(reply);
    reply.flash('You have signed out');
    return reply.redirect('/sign-in', 303);
  });
}
