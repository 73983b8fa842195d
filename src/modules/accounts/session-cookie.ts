import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../platform/auth/index.ts';
import type { RequestContext } from '../../platform/kernel/index.ts';

/** HttpOnly, SameSite=Lax, Secure over HTTPS; a browser-session cookie (the server enforces timeouts). */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export const requestContext = (request: FastifyRequest): RequestContext => ({
  requestId: String(request.id),
  sourceAddress: request.ip,
  userAgent: request.headers['user-agent'],
});

/** Only same-site relative paths may be a return address (no open redirects). */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length < 500 ? value : '/';
}
